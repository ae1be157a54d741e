package io.healthscore.alert.console;

import io.healthscore.alert.identity.ConsoleSession;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.Role;
import io.healthscore.alert.identity.Scope;
import io.healthscore.alert.store.PortfolioRows;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * "My accounts" (and, for a lead, "My team's accounts"): the signed-in person's portfolio, filtered, sorted, searched
 * and paged in the database, and the same rows as a CSV download. A query it cannot take is a 400 page.
 */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PortfolioController {

    /** The most rows one CSV download holds; a capped file says so in its last line and a header. */
    static final int CSV_MAX_ROWS = 10_000;

    private final ConsoleWeb web;
    private final ConsoleAccounts accounts;
    private final Clock clock;

    public PortfolioController(ConsoleWeb web, ConsoleAccounts accounts, Clock clock) {
        this.web = web;
        this.clock = clock;
        this.accounts = accounts;
    }

    @Get
    public HttpResponse<?> portfolio(HttpRequest<?> request) {
        Optional<ConsoleSession> session = web.signedIn(request);
        if (session.isEmpty()) {
            return ConsoleWeb.toSignIn();
        }
        Person person = session.get().person();
        boolean lead = person.has(Role.LEAD);
        PortfolioView.Query query;
        try {
            query = PortfolioView.parse(request.getParameters(), lead, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        } catch (PortfolioView.BadQuery e) {
            return web.refused(HttpStatus.BAD_REQUEST, session.get(), e);
        }
        Scope scope = query.team() ? Scope.of(person) : Scope.own(person);
        boolean operatorOnly = !person.has(Role.CSM) && !person.has(Role.LEAD);
        ConsoleAccounts.PortfolioResult result = accounts.portfolio(scope, query.filter(), query.page());
        return web.page(HttpStatus.OK, "portfolio.jte", new PortfolioView.Model(web.frame(web.text(session.get())
                .t(query.team() ? "portfolio.team" : "portfolio.mine"), session.get()), lead, query.team(), operatorOnly, query,
                result.lines(), result.total()));
    }

    @Get("/portfolio.csv")
    public HttpResponse<?> csv(HttpRequest<?> request) {
        Optional<ConsoleSession> session = web.signedIn(request);
        if (session.isEmpty()) {
            return ConsoleWeb.toSignIn();
        }
        Person person = session.get().person();
        PortfolioView.Query query;
        try {
            query = PortfolioView.parse(request.getParameters(), person.has(Role.LEAD), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        } catch (PortfolioView.BadQuery e) {
            return web.refused(HttpStatus.BAD_REQUEST, session.get(), e);
        }
        Scope scope = query.team() ? Scope.of(person) : Scope.own(person);
        PortfolioRows.Page page = accounts.portfolioExport(scope, query.filter(), CSV_MAX_ROWS);
        StringBuilder body = new StringBuilder(PortfolioView.CSV_HEADER);
        page.rows().forEach(r -> body.append(PortfolioView.csvRow(r)));
        boolean capped = page.total() > page.rows().size();
        if (capped) {
            body.append(PortfolioView.csvLine("capped: the first " + page.rows().size() + " of " + page.total()
                    + " accounts; narrow the filters for the rest"));
        }
        var response = HttpResponse.ok(body.toString())
                .contentType(new MediaType("text/csv; charset=utf-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"portfolio.csv\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Portfolio-Rows", page.rows().size() + " of " + page.total());
        return capped ? response.header("X-Portfolio-Capped", "true") : response;
    }
}
