package io.healthscore.ingest.validation;

import io.healthscore.ingest.problem.FieldError;
import io.healthscore.ingest.problem.IngestRejection;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the field errors of one request, so a client learns every failing field at once; keeps at most
 * {@value #MAX_ERRORS} so that a hostile batch cannot make the error body huge. Writes outside the source's scope
 * are collected apart ({@link #forbid}) and win: a request with any of them is refused with 403, whatever else is
 * wrong with it.
 */
public final class FieldErrors {

    static final int MAX_ERRORS = 50;

    private final List<FieldError> errors = new ArrayList<>();
    private final List<FieldError> forbidden = new ArrayList<>();
    private int dropped;

    public void add(String field, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new FieldError(field.isEmpty() ? "body" : field, message));
        } else {
            dropped++;
        }
    }

    /** A write the source may not make: {@code message} names the source and the grant it lacks. */
    public void forbid(String field, String message) {
        if (forbidden.size() < MAX_ERRORS) {
            forbidden.add(new FieldError(field.isEmpty() ? "body" : field, message));
        } else {
            dropped++;
        }
    }

    /** Errors recorded so far, including those not kept; compare before and after a step to see if it failed. */
    public int count() {
        return errors.size() + forbidden.size() + dropped;
    }

    public boolean isEmpty() {
        return errors.isEmpty() && forbidden.isEmpty();
    }

    public List<FieldError> list() {
        return List.copyOf(errors);
    }

    /** @throws IngestRejection 403 listing the writes out of scope, else 400 listing the collected errors, if any */
    public void throwIfAny() {
        if (!forbidden.isEmpty()) {
            String detail = forbidden.size() == 1 ? forbidden.get(0).field() + ": " + forbidden.get(0).message()
                    : forbidden.size() + " writes are outside this source's scope";
            throw IngestRejection.forbidden(detail + "; nothing was stored", forbidden);
        }
        if (errors.isEmpty()) {
            return;
        }
        String detail = errors.size() == 1 && dropped == 0
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : (errors.size() + dropped) + " fields are invalid" + (dropped > 0 ? " (first " + MAX_ERRORS + " listed)" : "");
        throw IngestRejection.invalid(detail + "; nothing was stored", errors);
    }
}
