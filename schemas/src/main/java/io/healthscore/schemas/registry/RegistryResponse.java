package io.healthscore.schemas.registry;

import java.net.URI;

/** An answer from one registry URL: the HTTP status and body, and the base URL that gave it (for messages). */
record RegistryResponse(int status, String body, URI registry) {

    boolean successful() {
        return status >= 200 && status < 300;
    }
}
