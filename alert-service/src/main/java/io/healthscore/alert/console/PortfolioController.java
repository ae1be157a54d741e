package io.healthscore.alert.console;

import io.healthscore.alert.identity.ConsoleSession;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.Role;
import io.healthscore.alert.identity.Scope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Optional;

/** "My accounts" (and, for a lead, "My team's accounts"): the signed-in person's portfolio. */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PortfolioController {

    private final ConsoleWeb web;
    private final ConsoleAccounts accounts;

    public PortfolioController(ConsoleWeb web, ConsoleAccounts accounts) {
        this.web = web;
        this.accounts = accounts;
    }

    @Get
    public HttpResponse<?> portfolio(HttpRequest<?> request, @Nullable @QueryValue String view) {
        Optional<ConsoleSession> session = web.signedIn(request);
        if (session.isEmpty()) {
            return ConsoleWeb.toSignIn();
        }
        Person person = session.get().person();
        boolean lead = person.has(Role.LEAD);
        boolean team = lead && "team".equals(view);
        Scope scope = team ? Scope.of(person) : Scope.own(person);
        boolean operatorOnly = !person.has(Role.CSM) && !person.has(Role.LEAD);
        return web.page(HttpStatus.OK, "portfolio.jte", new Pages.Portfolio(ConsoleWeb.frame(team
                ? "My team's accounts" : "My accounts", session.get()), accounts.portfolio(scope), lead, team,
                operatorOnly));
    }
}
