package io.healthscore.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client for the Confluent Schema Registry REST API (v1, also served by Apicurio's ccompat API under a path
 * prefix). Registered ids and fetched schemas are cached for the life of the client, since a registry never
 * changes what an id or a subject's version means. Thread-safe; close it to release the HTTP client.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryTransport transport;
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(SchemaRegistryConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.inMemory()) {
            throw new IllegalArgumentException("mem:// URLs name the in-memory registry; use SchemaRegistryClient.create");
        }
        this.transport = new RegistryTransport(config);
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(requireSubject(subject), Objects.requireNonNull(schema, "schema"));
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        RegistryCall call = RegistryCall.postSchema(subjectPath(subject) + "/versions", schemaBody(schema),
                "registering a schema", subject);
        int id = requiredInt(call, send(call), "id");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(requireSubject(subject), Objects.requireNonNull(schema, "schema"));
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        RegistryCall call = RegistryCall.postSchema(subjectPath(subject), schemaBody(schema),
                "looking up the id of a schema", subject);
        int id = requiredInt(call, send(call), "id");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        RegistryCall call = RegistryCall.get("/schemas/ids/" + id, "fetching a schema by id").aboutSchemaId(id);
        Schema schema = parseSchema(call, send(call));
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        RegistryCall call = RegistryCall.postSchema(
                "/compatibility" + subjectPath(requireSubject(subject)) + "/versions/latest",
                schemaBody(Objects.requireNonNull(schema, "schema")), "checking a schema's compatibility", subject);
        RegistryResponse response = transport.send(call);
        if (response.status() == 404) {
            int code = RegistryErrorTranslator.parse(response.body()).code();
            if (code == 40401 || code == 40402) {
                return true; // nothing registered yet, so anything is compatible
            }
        }
        JsonNode body = successBody(call, response);
        JsonNode compatible = body.get("is_compatible");
        if (compatible == null || !compatible.isBoolean()) {
            throw unreadable(call, response, "no boolean 'is_compatible'");
        }
        return compatible.booleanValue();
    }

    @Override
    public List<String> subjects() {
        RegistryCall call = RegistryCall.get("/subjects", "listing subjects");
        RegistryResponse response = transport.send(call);
        List<String> subjects = new ArrayList<>();
        for (JsonNode subject : requiredArray(call, response)) {
            subjects.add(subject.asText());
        }
        return List.copyOf(subjects);
    }

    @Override
    public List<Integer> versions(String subject) {
        RegistryCall call = RegistryCall.get(subjectPath(requireSubject(subject)) + "/versions", "listing versions")
                .aboutSubject(subject);
        RegistryResponse response = transport.send(call);
        List<Integer> versions = new ArrayList<>();
        for (JsonNode version : requiredArray(call, response)) {
            versions.add(version.asInt());
        }
        return List.copyOf(versions);
    }

    @Override
    public String globalCompatibility() {
        RegistryCall call = RegistryCall.get("/config", "reading the global compatibility level");
        return requiredText(call, send(call), "compatibilityLevel");
    }

    @Override
    public void setGlobalCompatibility(String level) {
        RegistryCall call = RegistryCall.put("/config", compatibilityBody(level),
                "setting the global compatibility level to " + level);
        send(call);
    }

    @Override
    public Optional<String> subjectCompatibility(String subject) {
        RegistryCall call = RegistryCall.get("/config/" + pathSegment(requireSubject(subject)),
                "reading the subject's compatibility level").aboutSubject(subject);
        RegistryResponse response = transport.send(call);
        int code = response.status() == 404 ? RegistryErrorTranslator.parse(response.body()).code() : -1;
        if (code == 40408 || code == 40401) {
            // No subject-level setting (40408; older registries say 40401): the subject follows the global level.
            return Optional.empty();
        }
        return Optional.of(requiredText(call, response, "compatibilityLevel"));
    }

    @Override
    public void setSubjectCompatibility(String subject, String level) {
        RegistryCall call = RegistryCall.put("/config/" + pathSegment(requireSubject(subject)),
                compatibilityBody(level), "setting the subject's compatibility level to " + level).aboutSubject(subject);
        send(call);
    }

    @Override
    public void close() {
        transport.close();
    }

    private RegistryResponse send(RegistryCall call) {
        RegistryResponse response = transport.send(call);
        if (!response.successful()) {
            throw RegistryErrorTranslator.translate(call, response);
        }
        return response;
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + pathSegment(subject);
    }

    /** The subject percent-encoded as one path segment, so '/', '?', '%' or spaces in it stay part of the name. */
    private static String pathSegment(String subject) {
        // URLEncoder encodes for forms: a space becomes '+', which a path would keep as a literal plus.
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String requireSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("A schema registry subject must not be blank");
        }
        return subject;
    }

    /** Confluent's serializer sends the schema text alone; schemaType is only sent for non-Avro schemas. */
    private static String schemaBody(Schema schema) {
        return json(Map.of("schema", schema.toString()));
    }

    private static String compatibilityBody(String level) {
        return json(Map.of("compatibility", Objects.requireNonNull(level, "level")));
    }

    private static String json(Map<String, String> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON body", e);
        }
    }

    private static Schema parseSchema(RegistryCall call, RegistryResponse response) {
        JsonNode body = successBody(call, response);
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw unreadable(call, response, "the schema is of type " + type + ", not AVRO");
        }
        if (body.path("references").size() > 0) {
            throw unreadable(call, response, "the schema uses schema references, which this client does not resolve");
        }
        String text = body.path("schema").asText(null);
        if (text == null) {
            throw unreadable(call, response, "no 'schema'");
        }
        try {
            // Defaults are not checked: a writer schema's defaults play no part in reading its data.
            return new Schema.Parser().setValidateDefaults(false).parse(text);
        } catch (SchemaParseException e) {
            throw unreadable(call, response, "the schema does not parse as Avro: " + e.getMessage());
        }
    }

    private static int requiredInt(RegistryCall call, RegistryResponse response, String field) {
        JsonNode value = successBody(call, response).get(field);
        if (value == null || !value.canConvertToInt()) {
            throw unreadable(call, response, "no integer '" + field + "'");
        }
        return value.intValue();
    }

    private static String requiredText(RegistryCall call, RegistryResponse response, String field) {
        JsonNode value = successBody(call, response).get(field);
        if (value == null || !value.isTextual()) {
            throw unreadable(call, response, "no text '" + field + "'");
        }
        return value.textValue();
    }

    private static JsonNode requiredArray(RegistryCall call, RegistryResponse response) {
        if (!response.successful()) {
            throw RegistryErrorTranslator.translate(call, response);
        }
        JsonNode body = readTree(call, response);
        if (!body.isArray()) {
            throw unreadable(call, response, "expected a JSON array");
        }
        return body;
    }

    private static JsonNode successBody(RegistryCall call, RegistryResponse response) {
        if (!response.successful()) {
            throw RegistryErrorTranslator.translate(call, response);
        }
        JsonNode body = readTree(call, response);
        if (!body.isObject()) {
            throw unreadable(call, response, "expected a JSON object");
        }
        return body;
    }

    private static JsonNode readTree(RegistryCall call, RegistryResponse response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body == null || body.isMissingNode()) {
                throw unreadable(call, response, "the body is empty");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw unreadable(call, response, "the body is not JSON");
        }
    }

    private static SchemaRegistryException unreadable(RegistryCall call, RegistryResponse response, String problem) {
        return new SchemaRegistryException(SchemaRegistryException.describe(response.registry().toString(),
                "gave an unusable answer to " + call.describe(), response.status(), -1, problem),
                response.status(), -1);
    }

    private record SubjectSchema(String subject, Schema schema) {
    }
}
