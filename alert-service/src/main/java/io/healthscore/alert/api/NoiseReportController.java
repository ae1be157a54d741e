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
    static final String NOTE = "An alert raised by several rules counts once per rule; acknowledged counts alerts "
            + "acknowledged at any point (also those resolved since); snoozed counts alerts snoozed at any point; "
            + "falseAlarm counts alerts resolved with the outcome FALSE_ALARM.";

    /** A report row as answered. */
    @Serdeable
    public record Row(@Nullable String owner, String rule, String week, long raised, long acknowledged,
            long resolved, long suppressed, long stillOpen, @Nullable Double medianHoursToAcknowledge,
            long snoozed, long falseAlarm) {
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
                        r.resolved(), r.suppressed(), r.stillOpen(), r.medianHoursToAcknowledge(), r.snoozed(),
                        r.falseAlarm()))
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
