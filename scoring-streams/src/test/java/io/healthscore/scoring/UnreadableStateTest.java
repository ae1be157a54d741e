package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.scoring.topology.ScoringTopology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stored account state this version cannot read correctly (an enum code no symbol has, a format from a newer
 * version) is never read as something else: the account's record is dead-lettered naming why, its stored bytes
 * stay as they were, and other accounts are scored.
 */
class UnreadableStateTest {

    /** In the golden rich state: the format byte, and the coverage model's code (after the 10-character segment). */
    private static final int FORMAT_AT = 0;
    private static final int COVERAGE_AT = 14;

    private final ScoringDriver hs = new ScoringDriver();

    @AfterEach
    void close() {
        hs.close();
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
