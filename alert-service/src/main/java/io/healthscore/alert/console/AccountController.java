package io.healthscore.alert.console;

import io.healthscore.alert.api.ApiException;
import io.healthscore.alert.identity.ConsoleSession;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** An account's page, within the person's scope: 403 for someone else's account, 404 for an unknown one. */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountController {

    private final ConsoleWeb web;
    private final AccountOverview overview;

    public AccountController(ConsoleWeb web, AccountOverview overview) {
        this.web = web;
        this.overview = overview;
    }

    @Get("/accounts/{id}")
    public HttpResponse<?> account(HttpRequest<?> request, @PathVariable String id,
                                   @Nullable @QueryValue String done, @Nullable @QueryValue String before) {
        Optional<ConsoleSession> session = web.signedIn(request);
        if (session.isEmpty()) {
            return ConsoleWeb.toSignIn();
        }
        if (!ConsoleWeb.printableId(id)) {
            return web.error(HttpStatus.BAD_REQUEST, "Bad request", "An account id is at most 256 printable "
                    + "characters.", session.get());
        }
        Instant olderThan = null;
        if (before != null) {
            try {
                olderThan = before.length() > 40 ? null : Instant.parse(before);
            } catch (DateTimeParseException e) {
                olderThan = null;
            }
            if (olderThan == null) {
                return web.error(HttpStatus.BAD_REQUEST, "Bad request", "before is an instant such as "
                        + "2026-11-30T08:00:00Z.", session.get());
            }
        }
        try {
            AccountView.Model model = overview.read(session.get().person(), id, olderThan);
            String notice = "acknowledged".equals(done) ? "Alert acknowledged." : null;
            String title = model.account().name() == null ? model.account().accountId() : model.account().name();
            return web.page(HttpStatus.OK, "account.jte", new AccountView.Page(ConsoleWeb.frame(title, session.get()),
                    model, notice));
        } catch (ApiException e) {
            return web.error(e.status(), e.status().getReason(), e.getMessage(), session.get());
        }
    }
}
