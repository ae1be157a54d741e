package io.healthscore.alert.api;

import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.NoteRepository;
import io.healthscore.alert.store.NoteRepository.Note;
import io.healthscore.alert.store.PortfolioRepository;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.alert.store.SignalOutbox;
import io.healthscore.avro.SignalType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A CSM's note on an account, from the console or the API. The note and the CSM touch-point it means for scoring
 * are written in one transaction (the note to {@code account_notes}, the signal to the outbox that
 * {@link io.healthscore.alert.signal.TouchpointPublisher} drains), so either both are kept or neither. Scope is the
 * API's: a note on someone else's account is 403, on an unknown account 404. The author is the person's audit name.
 */
@Singleton
public final class AccountNotes {

    /** At most this many characters (code points, as PostgreSQL counts them) after line breaks are normalised. */
    public static final int MAX_CHARS = 2000;
    /** The touch-point's message id: the note's, so a resend is the same signal. */
    static final String MESSAGE_ID_PREFIX = "console-note:";

    private final Database db;
    private final NoteRepository notes;
    private final SignalOutbox outbox;
    private final ProfileRepository profiles;
    private final PortfolioRepository portfolio;
    private final Clock clock;

    public AccountNotes(Database db, NoteRepository notes, SignalOutbox outbox, ProfileRepository profiles,
                        PortfolioRepository portfolio, Clock clock) {
        this.db = db;
        this.notes = notes;
        this.outbox = outbox;
        this.profiles = profiles;
        this.portfolio = portfolio;
        this.clock = clock;
    }

    /**
     * @throws ApiException 400 for an empty, oversize or unprintable body, 403 for an account outside the actor's
     *                      scope, 404 for an unknown account
     */
    public Note add(Actor actor, String accountId, @Nullable String body) {
        String text = body(body);
        return db.inTransaction(c -> {
            boolean known = portfolio.account(c, accountId).isPresent();
            if (!actor.scope().unrestricted() && !actor.scope().allows(profiles.ownerOf(c, accountId).orElse(null))) {
                throw known ? AlertInbox.forbidden("account '" + accountId + "'") : unknown();
            }
            if (!known) {
                throw unknown();
            }
            // Millisecond precision: what the signal's timestamp-millis and the timeline can both show exactly.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Note note = new Note(UUID.randomUUID().toString(), accountId, actor.auditName(), text, now);
            notes.insert(c, note);
            outbox.add(c, new SignalOutbox.PendingSignal(MESSAGE_ID_PREFIX + note.noteId(), accountId,
                    SignalType.CSM_TOUCHPOINT.name(), now, now, 0));
            return note;
        });
    }

    /** The body as stored: CRLF and CR as LF, stripped; tab and line break the only control characters. */
    static String body(@Nullable String raw) {
        String text = raw == null ? "" : raw.replace("\r\n", "\n").replace('\r', '\n').strip();
        if (text.isEmpty()) {
            throw ApiException.badParameter("body", "a note needs some text");
        }
        int chars = text.codePointCount(0, text.length());
        if (chars > MAX_CHARS) {
            throw ApiException.badParameter("body", "a note is at most " + MAX_CHARS + " characters; this one has "
                    + chars);
        }
        if (text.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\n' && ch != '\t')) {
            throw ApiException.badParameter("body", "a note has no control characters other than tab and line "
                    + "breaks");
        }
        // String.codePoints() yields an unpaired surrogate as itself; paired ones are one supplementary code point.
        if (text.codePoints().anyMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
            throw ApiException.badParameter("body", "a note must be valid Unicode (it has a lone surrogate)");
        }
        return text;
    }

    private static ApiException unknown() {
        return new ApiException(HttpStatus.NOT_FOUND, "There is no account with this id.", "id");
    }
}
