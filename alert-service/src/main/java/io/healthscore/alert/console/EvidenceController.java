package io.healthscore.alert.console;

import io.healthscore.alert.evidence.EvidenceRepository.Loaded;
import io.healthscore.alert.evidence.EvidenceService;
import io.healthscore.alert.identity.ConsoleSession;
import io.healthscore.alert.identity.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Optional;

/**
 * The backtest behind the evidence next to each alert ({@code /console/evidence}), for everyone signed in: which
 * model it replayed, whether its levels are calibrated risk, the period and horizon, and every rule and severity's
 * precision, recall and lead before churn. An operator also sees who loaded it and why the report file (if one is
 * set) could not be loaded.
 */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class EvidenceController {

    /** The page's model: the report loaded last (null: none) and, for operators, the file's problem. */
    public record Page(Pages.Frame frame, @Nullable Loaded loaded, boolean operator, @Nullable String fileProblem) {
    }

    private final ConsoleWeb web;
    private final EvidenceService evidence;

    public EvidenceController(ConsoleWeb web, EvidenceService evidence) {
        this.web = web;
        this.evidence = evidence;
    }

    @Get("/evidence")
    public HttpResponse<?> show(HttpRequest<?> request) {
        Optional<ConsoleSession> session = web.signedIn(request);
        if (session.isEmpty()) {
            return ConsoleWeb.toSignIn();
        }
        Pages.Frame frame = web.frame(web.text(session.get()).t("evidence.title"), session.get());
        boolean operator = session.get().person().has(Role.OPERATOR);
        return web.page(HttpStatus.OK, "evidence.jte", new Page(frame, frame.evidence(), operator,
                operator ? evidence.fileProblem() : null));
    }
}
