package io.healthscore.alert.api;

import io.healthscore.alert.evidence.BacktestEvidence;
import io.healthscore.alert.evidence.BacktestReportParser.BadReport;
import io.healthscore.alert.evidence.EvidenceRepository.Loaded;
import io.healthscore.alert.evidence.EvidenceService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * Operators load the backtest evidence the console shows next to alerts: {@code PUT /reports/backtest} with a
 * backtest's {@code report.json} as the body (at most the server's {@code max-request-size}; a larger report goes
 * through {@code evidence.report-file}) answers with what was read from it, 400 naming the field when the report
 * cannot be used; {@code GET /reports/backtest} answers with the current one, 404 when none was loaded.
 */
@Controller("/reports/backtest")
@ExecuteOn(TaskExecutors.BLOCKING)
public class BacktestReportController {

    /** What is shown of a loaded report. */
    @Serdeable
    public record Summary(String modelVersion, boolean calibrated, int horizonDays, @Nullable Double baseRate,
                          int churners, @Nullable Instant generatedAt, @Nullable Instant firstMidnight,
                          @Nullable Instant lastMidnight, @Nullable String events, String sha256, String source,
                          String loadedBy, Instant loadedAt, List<BacktestEvidence.RuleRecord> rules) {

        static Summary of(Loaded l) {
            BacktestEvidence e = l.evidence();
            return new Summary(e.modelVersion(), e.calibrated(), e.horizonDays(), e.baseRate(), e.churners(),
                    e.generatedAt(), e.firstMidnight(), e.lastMidnight(), e.events(), e.sha256(), l.source(),
                    l.loadedBy(), l.loadedAt(), e.rules());
        }
    }

    private final EvidenceService evidence;

    public BacktestReportController(EvidenceService evidence) {
        this.evidence = evidence;
    }

    @Put
    @Consumes(MediaType.APPLICATION_JSON)
    public Summary load(HttpRequest<?> request, @Nullable @Body byte[] body) {
        String who = request.getAttribute(BearerTokenFilter.PRINCIPAL, String.class).orElse("unknown");
        try {
            return Summary.of(evidence.load(body == null ? new byte[0] : body, "upload", "token " + who));
        } catch (BadReport e) {
            throw ApiException.badParameter("body", e.getMessage());
        }
    }

    @Get
    public Summary current() {
        return evidence.current().map(Summary::of).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                "no backtest report is loaded: PUT one to /reports/backtest or set evidence.report-file", null));
    }
}
