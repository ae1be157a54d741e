package io.healthscore.schemas.registry;

/**
 * One REST call to the registry: method, path below the base URL (already URL-encoded), optional JSON body,
 * and what it is about, so that errors can name the subject or schema id and say what was being done.
 *
 * @param subject the subject the call concerns, or null
 * @param schemaId the schema id the call concerns, or -1
 * @param carriesSchema whether the body holds a schema (so a 422 means the schema is invalid)
 */
record RegistryCall(String method, String path, String jsonBody, String description, String subject, int schemaId,
                    boolean carriesSchema) {

    static RegistryCall get(String path, String description) {
        return new RegistryCall("GET", path, null, description, null, -1, false);
    }

    static RegistryCall put(String path, String jsonBody, String description) {
        return new RegistryCall("PUT", path, jsonBody, description, null, -1, false);
    }

    static RegistryCall postSchema(String path, String jsonBody, String description, String subject) {
        return new RegistryCall("POST", path, jsonBody, description, subject, -1, true);
    }

    /** The description plus the subject or schema id it concerns, e.g. "registering a schema (subject 'x')". */
    String describe() {
        if (subject != null) {
            return description + " (subject '" + subject + "')";
        }
        return schemaId >= 0 ? description + " (schema id " + schemaId + ")" : description;
    }

    RegistryCall aboutSubject(String subject) {
        return new RegistryCall(method, path, jsonBody, description, subject, schemaId, carriesSchema);
    }

    RegistryCall aboutSchemaId(int id) {
        return new RegistryCall(method, path, jsonBody, description, subject, id, carriesSchema);
    }
}
