package io.healthscore.alert.evidence;

import io.healthscore.alert.config.EvidenceConfig;
import io.healthscore.alert.evidence.BacktestReportParser.BadReport;
import io.healthscore.alert.evidence.EvidenceRepository.Loaded;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.StoreException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backtest report the console shows as evidence: loaded from {@code evidence.report-file} (at start and whenever
 * the file changes) or uploaded by an operator ({@code PUT /reports/backtest}), stored in the database so that every
 * instance shows the same one, the one loaded last. A file whose report was stored before is not loaded again at
 * start, so a restart never puts an older file's report back over a newer upload. Each instance keeps it for {@code evidence.cache-for}. A report
 * that cannot be used is refused with the reason and changes nothing; a file's reason stays visible to operators
 * ({@link #fileProblem}) until the file is fixed.
 */
@Singleton
public final class EvidenceService {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceService.class);

    private final EvidenceConfig config;
    private final BacktestReportParser parser;
    private final EvidenceRepository repository;
    private final Database db;
    private final Clock clock;

    private volatile Optional<Loaded> cached = Optional.empty();
    private volatile Instant cachedAt = Instant.EPOCH;
    private volatile boolean read;
    @Nullable
    private volatile String fileProblem;
    @Nullable
    private FileTime fileSeen;
    private long sizeSeen = -1;

    public EvidenceService(EvidenceConfig config, BacktestReportParser parser, EvidenceRepository repository,
                           Database db, Clock clock) {
        this.config = config;
        this.parser = parser;
        this.repository = repository;
        this.db = db;
        this.clock = clock;
    }

    /** Parses and stores a report; it is the current one from now on. @throws BadReport when it cannot be used */
    public Loaded load(byte[] report, String source, String by) {
        return store(parser.parse(report), source, by);
    }

    private Loaded store(BacktestEvidence evidence, String source, String by) {
        Instant now = clock.instant();
        db.inTransaction(c -> {
            repository.save(c, evidence, source, by, now);
            return null;
        });
        Loaded loaded = new Loaded(evidence, source, by, now);
        cached = Optional.of(loaded);
        cachedAt = now;
        read = true;
        LOG.info("Backtest report of model {} loaded ({}, by {}): {} rule groups, {}calibrated", evidence.modelVersion(),
                source, by, evidence.rules().size(), evidence.calibrated() ? "" : "un");
        return loaded;
    }

    /** The report loaded last, as this instance knows it (read again after {@code evidence.cache-for}). */
    public Optional<Loaded> current() {
        Instant now = clock.instant();
        if (!read || now.isAfter(cachedAt.plus(config.cacheFor()))) {
            try {
                cached = db.inTransaction(repository::current);
                read = true;
            } catch (StoreException e) {
                LOG.warn("Cannot read the current backtest report, showing the one read before: {}", e.getMessage());
            }
            cachedAt = now;
        }
        return cached;
    }

    /** Why {@code evidence.report-file} could not be loaded, or null. */
    @Nullable
    public String fileProblem() {
        return fileProblem;
    }

    @Scheduled(fixedDelay = "${evidence.check-every:1m}", initialDelay = "1s")
    synchronized void checkFile() {
        String name = config.reportFile();
        if (name == null || name.isBlank()) {
            return;
        }
        Path file = Path.of(name.strip());
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(fileSeen) && size == sizeSeen) {
                return;
            }
            boolean firstLook = fileSeen == null;
            fileSeen = modified;
            sizeSeen = size;
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(BacktestReportParser.MAX_BYTES + 1);
            }
            // At start, a file whose report was loaded before (by any instance) changes nothing: an operator may
            // have uploaded a newer one since. Once watched, a change of the file makes its report current.
            BacktestEvidence parsed = parser.parse(bytes);
            if (!(firstLook && db.inTransaction(c -> repository.exists(c, parsed.sha256())))) {
                store(parsed, "file", "file " + file.getFileName());
            }
            fileProblem = null;
        } catch (IOException e) {
            fail(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (BadReport e) {
            fail(file, e.getMessage());
        } catch (StoreException e) {
            fileSeen = null; // try again on the next check
            fail(file, "could not be stored: " + e.getMessage());
        }
    }

    private void fail(Path file, String why) {
        if (!why.equals(fileProblem)) {
            LOG.warn("evidence.report-file {} is not loaded: {}", file, why);
        }
        fileProblem = why;
    }
}
