package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.scoring.topology.ScoringTopology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.apache.kafka.streams.test.TestRecord;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stored account state this version cannot read correctly (an enum code no symbol has, a format from a newer
 * version) is never read as something else: the account's record is dead-lettered naming why, its stored bytes
 * stay as they were, and other accounts are scored. The punctuator's sweep, which has no record to dead-letter,
 * skips such an account naming why and sweeps the others.
 */
class UnreadableStateTest {

    /** In the golden rich state: the format byte, and the coverage model's code (after the 10-character segment). */
    private static final int FORMAT_AT = 0;
    private static final int COVERAGE_AT = 14;

    private ScoringDriver hs = new ScoringDriver();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @AfterEach
    void close() {
        hs.close();
        root().detachAppender(log);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"an unknown coverage code", "an unknown format"})
    void anEventForAnAccountWhoseStateCannotBeReadIsDeadLetteredAndTheStateKept(String unreadable) throws IOException {
        // Given acme's stored state holds a byte this version cannot read
        byte[] stored = goldenRichState();
        assertThat(stored[COVERAGE_AT]).as("HIGH_TOUCH's code where the test expects it").isEqualTo((byte) 0);
        String reason;
        if (unreadable.equals("an unknown coverage code")) {
            stored[COVERAGE_AT] = 85;
            reason = "coverageModel: unknown CoverageModel code 85";
        } else {
            stored[FORMAT_AT] = 3;
            reason = "Unknown account state format 3";
        }
        rocksDb().put(Bytes.wrap("acme".getBytes(StandardCharsets.UTF_8)), stored);

        // When a login arrives for acme, then one for another account
        hs.login("acme", "u1");
        hs.login("globex", "u1");

        // Then acme's login is dead-lettered with the reason, its state is untouched, and globex is scored
        TestRecord<byte[], byte[]> dead = hs.usageDlq().readRecord();
        Map<String, String> headers = BadInputTest.headers(dead);
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("acme");
        assertThat(headers.get("dlq.reason")).contains(reason);
        assertThat(headers.get("dlq.error.class")).endsWith("SerializationException");
        assertThat(hs.usageDlq().isEmpty()).isTrue();
        assertThat(rocksDb().get(Bytes.wrap("acme".getBytes(StandardCharsets.UTF_8)))).isEqualTo(stored);
        assertThat(hs.scores()).extracting(s -> s.getAccountId()).containsExactly("globex");
    }

    @Test
    void aStateTheSweepCannotReadIsSkippedNamingWhyAndTheSweepGoesOnWithTheOtherAccounts() {
        // Given four accounts, swept two per run, and globex's stored state in a format this version cannot read
        hs.close();
        hs = new ScoringDriver(ScoringDriver.defaultConfig().withEvaluation(Duration.ofHours(1), 2));
        for (String account : List.of("acme", "initech", "umbrella")) {
            hs.login(account, "u1");
        }
        byte[] stored;
        try {
            stored = goldenRichState();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        stored[FORMAT_AT] = 3;
        rocksDb().put(Bytes.wrap("globex".getBytes(StandardCharsets.UTF_8)), stored);
        hs.drain();
        log.start();
        root().addAppender(log);

        // When the accounts stay silent for 15 days and the sweep runs twice
        hs.advance(Duration.ofDays(15));
        hs.advance(Duration.ofHours(1));

        // Then every readable account was swept (and, silent for 14 days, raised INACTIVITY), globex's bytes are
        // kept, the reason was logged, and no record was dead-lettered for it
        List<String> inactive = new ArrayList<>();
        for (ChurnRiskAlert alert : hs.alerts()) {
            if (alert.getRule() == AlertRule.INACTIVITY) {
                inactive.add(alert.getAccountId());
            }
        }
        assertThat(inactive).containsExactlyInAnyOrder("acme", "initech", "umbrella");
        assertThat(rocksDb().get(Bytes.wrap("globex".getBytes(StandardCharsets.UTF_8)))).isEqualTo(stored);
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(message -> assertThat(message).contains("Unknown account state format 3"));
        assertThat(hs.usageDlq().isEmpty()).isTrue();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** The innermost (RocksDB) layer of the account store, below the cache and the changelog. */
    @SuppressWarnings("unchecked")
    private KeyValueStore<Bytes, byte[]> rocksDb() {
        StateStore store = hs.driver.getAllStateStores().get(ScoringTopology.ACCOUNT_STORE);
        while (store instanceof WrappedStateStore<?, ?, ?> wrapped) {
            store = wrapped.wrapped();
        }
        return (KeyValueStore<Bytes, byte[]>) store;
    }

    private static byte[] goldenRichState() throws IOException {
        try (InputStream in = UnreadableStateTest.class.getResourceAsStream("/state-formats/format-2/rich.bin")) {
            return in.readAllBytes();
        }
    }
}
