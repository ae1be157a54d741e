package io.healthscore.alert.console;

import io.healthscore.alert.identity.ConsoleSession;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.Role;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.util.Optional;

/**
 * The leader dashboard ({@code /console/team}), for leads only and over their own and their team's accounts
 * ({@link Scope#of}): level distribution by week, the level-flow matrix of a period (and one cell's accounts), renewals
 * within 30/60/90 days with MRR at risk, the day's change feed and the CSM comparison ({@link TeamDashboardReader}).
 */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DashboardController {

    private final ConsoleWeb web;
    private final TeamDashboardReader reader;
    private final Clock clock;

    public DashboardController(ConsoleWeb web, TeamDashboardReader reader, Clock clock) {
        this.web = web;
        this.reader = reader;
        this.clock = clock;
    }

    @Get("/team")
    public HttpResponse<?> dashboard(HttpRequest<?> request) {
        Optional<ConsoleSession> session = web.signedIn(request);
        if (session.isEmpty()) {
            return ConsoleWeb.toSignIn();
        }
        Text t = web.text(session.get());
        Person person = session.get().person();
        if (!person.has(Role.LEAD)) {
            return web.error(HttpStatus.FORBIDDEN, session.get(), "team.leadsOnly");
        }
        TeamDashboard.Query query;
        try {
            query = TeamDashboard.parse(request.getParameters());
        } catch (PortfolioView.BadQuery e) {
            return web.refused(HttpStatus.BAD_REQUEST, session.get(), e);
        }
        TeamDashboard.Model model = reader.read(web.frame(t.t("team.title"), session.get()), person, query,
                clock.instant());
        return web.page(HttpStatus.OK, "team.jte", model);
    }
}
