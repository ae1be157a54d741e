package io.healthscore.alert.api;

import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.NoiseReportRepository;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Operators: {@code GET /reports/noise?weeks=N}, alerts per CSM, rule and ISO week, the input for tuning rules. */
@Controller("/reports")
@ExecuteOn(TaskExecutors.BLOCKING)
public class NoiseReportController {

    static final int DEFAULT_WEEKS = 8;
    static final int MAX_WEEKS = 52;
    static final String NOTE = "snoozed and falseAlarm are null: those outcomes come with the console's snooze and "
            + "resolve-with-outcome, which do not exist yet. An alert raised by several rules counts once per rule; "
            + "acknowledged counts alerts acknowledged at any point (also those resolved since).";

    /** A report row as answered: the stored counts plus the outcomes not recorded yet (always null). */
    @Serdeable
    public record Row(@Nullable String owner, String rule, String week, long raised, long acknowledged,
            long resolved, long suppressed, long stillOpen, @Nullable Double medianHoursToAcknowledge,
            @Nullable Long snoozed, @Nullable Long falseAlarm) {
    }

    @Serdeable
    public record Report(String from, String until, int weeks, String note, List<Row> rows) {
    }

    private final Database db;
    private final NoiseReportRepository repository;
    private final Clock clock;

    public NoiseReportController(Database db, NoiseReportRepository repository, Clock clock) {
        this.db = db;
        this.repository = repository;
        this.clock = clock;
    }

    @Get("/noise")
    public Report noise(@Nullable @QueryValue String weeks) {
        int n = weeks(weeks);
        Instant until = clock.instant();
        Instant from = NoiseReportRepository.firstMonday(until, n);
        List<Row> rows = db.inTransaction(c -> repository.rows(c, from, until)).stream()
                .map(r -> new Row(r.csmOwner(), r.rule(), r.week().toString(), r.raised(), r.acknowledged(),
                        r.resolved(), r.suppressed(), r.stillOpen(), r.medianHoursToAcknowledge(), null, null))
                .toList();
        return new Report(from.toString(), until.toString(), n, NOTE, rows);
    }

    /** {@code weeks} between 1 and 52, 8 when not given. */
    static int weeks(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_WEEKS;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < 1 || value > MAX_WEEKS) {
                throw ApiException.badParameter("weeks", "weeks must be between 1 and " + MAX_WEEKS);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badParameter("weeks", "weeks must be a whole number between 1 and " + MAX_WEEKS);
        }
    }
}
