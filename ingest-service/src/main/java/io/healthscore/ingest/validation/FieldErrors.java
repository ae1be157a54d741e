package io.healthscore.ingest.validation;

import io.healthscore.ingest.problem.FieldError;
import io.healthscore.ingest.problem.IngestRejection;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the field errors of one request, so a client learns every failing field at once; keeps at most
 * {@value #MAX_ERRORS} so that a hostile batch cannot make the error body huge.
 */
public final class FieldErrors {

    static final int MAX_ERRORS = 50;

    private final List<FieldError> errors = new ArrayList<>();
    private int dropped;

    public void add(String field, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new FieldError(field.isEmpty() ? "body" : field, message));
        } else {
            dropped++;
        }
    }

    /** Errors recorded so far, including those not kept; compare before and after a step to see if it failed. */
    public int count() {
        return errors.size() + dropped;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<FieldError> list() {
        return List.copyOf(errors);
    }

    /** @throws IngestRejection 400 listing the collected errors, if there are any */
    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        String detail = errors.size() == 1 && dropped == 0
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : (errors.size() + dropped) + " fields are invalid" + (dropped > 0 ? " (first " + MAX_ERRORS + " listed)" : "");
        throw IngestRejection.invalid(detail + "; nothing was stored", errors);
    }
}
