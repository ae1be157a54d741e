package io.healthscore.alert.api;

import io.healthscore.alert.store.NoteRepository;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * {@code POST /accounts/{id}/notes} with {@code {"body": "..."}}: the console's note form for API clients (a CRM
 * sync, a call-logging tool), with the same rules, scope and touch-point; 201 with the stored note.
 */
@Controller("/accounts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class NoteController {

    private final AccountNotes notes;
    private final JsonMapper json;

    public NoteController(AccountNotes notes, JsonMapper json) {
        this.notes = notes;
        this.json = json;
    }

    @Post("/{id}/notes")
    public HttpResponse<StoredNote> add(@PathVariable String id, @Nullable @Body byte[] body, HttpRequest<?> request) {
        JsonBody fields = JsonBody.parse(json, body, false);
        NoteRepository.Note note = notes.add(Actor.of(request), QueryParameters.text("id", id), fields.text("body"));
        return HttpResponse.created(new StoredNote(note.noteId(), note.accountId(), note.author(), note.body(),
                note.createdAt()));
    }

    /** Response body. */
    @Serdeable
    public record StoredNote(String noteId, String accountId, String author, String body, Instant createdAt) {
    }
}
