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
import java.util.Optional;

/** An account's page, within the person's scope: 403 for someone else's account, 404 for an unknown one. */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountController {

    private final ConsoleWeb web;
    private final ConsoleAccounts accounts;

    public AccountController(ConsoleWeb web, ConsoleAccounts accounts) {
        this.web = web;
        this.accounts = accounts;
    }

    @Get("/accounts/{id}")
    public HttpResponse<?> account(HttpRequest<?> request, @PathVariable String id,
                                   @Nullable @QueryValue String done) {
        Optional<ConsoleSession> session = web.signedIn(request);
        if (session.isEmpty()) {
            return ConsoleWeb.toSignIn();
        }
        if (!ConsoleWeb.printableId(id)) {
            return web.error(HttpStatus.BAD_REQUEST, "Bad request", "An account id is at most 256 printable "
                    + "characters.", session.get());
        }
        try {
            ConsoleAccounts.AccountDetail detail = accounts.account(session.get().person(), id);
            String notice = "acknowledged".equals(done) ? "Alert acknowledged." : null;
            String title = detail.account().name() == null ? detail.account().accountId() : detail.account().name();
            return web.page(HttpStatus.OK, "account.jte", new Pages.Account(ConsoleWeb.frame(title, session.get()),
                    detail.account(), detail.alerts(), notice));
        } catch (ApiException e) {
            return web.error(e.status(), e.status().getReason(), e.getMessage(), session.get());
        }
    }
}
