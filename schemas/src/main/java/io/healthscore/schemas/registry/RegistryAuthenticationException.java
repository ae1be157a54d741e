package io.healthscore.schemas.registry;

/** The registry refused the credentials, or their rights, for a call (HTTP 401 or 403). Never retried. */
public class RegistryAuthenticationException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public RegistryAuthenticationException(String registry, String call, int httpStatus, int errorCode, String detail) {
        super(describe(registry, "refused access when " + call, httpStatus, errorCode, detail)
                + " (check basic.auth.credentials.source and basic.auth.user.info)", httpStatus, errorCode);
    }
}
