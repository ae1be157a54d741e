package io.healthscore.e2e.http;

/** Ingest did not accept a request: its status (−1 when no answer came) and body. */
public final class IngestRejectedException extends RuntimeException {

    private final int status;

    public IngestRejectedException(String request, int status, String body) {
        super(request + " answered " + status + ": " + body);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
