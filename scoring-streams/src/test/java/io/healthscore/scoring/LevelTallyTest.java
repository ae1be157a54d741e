package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.HealthLevel;
import io.healthscore.scoring.topology.LevelTally;
import io.healthscore.scoring.topology.ScoringTopology;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The level query reads counters the processor keeps as accounts change, not every account: the counters always
 * equal a count over the account store, by level, segment and CSM, through scores, profile changes and erasure.
 */
class LevelTallyTest {

    @Test
    void theCountersFollowEachAccountsLevelSegmentAndCsm() {
        try (ScoringDriver d = new ScoringDriver(ScoringDriver.everyEvaluationPublished())) {
            // Given three scored accounts in two segments with two CSMs
            d.pipe(d.profile("a").setSegment("smb").setCsmOwnerEmail("kim@vendor.example").build());
            d.pipe(d.profile("b").setSegment("smb").setCsmOwnerEmail("lee@vendor.example").build());
            d.pipe(d.profile("c").setSegment("enterprise").setCsmOwnerEmail("kim@vendor.example").build());
            for (String account : new String[] {"a", "b", "c"}) {
                d.login(account, "u1");
            }
            assertThat(counts(d)).isEqualTo(fromAccounts(d)).isNotEmpty();

            // When one moves segment, one falls, and one is erased
            d.pipe(d.profile("a").setSegment("enterprise").setCsmOwnerEmail("kim@vendor.example")
                    .setUpdatedAt(d.now().plusSeconds(1)).build());
            d.paymentFailed("b");
            d.nps("b", 0);
            d.profileTombstone("c", true);

            // Then the counters still equal a count over the accounts
            assertThat(counts(d)).isEqualTo(fromAccounts(d));
            assertThat(counts(d).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
        }
    }

    @Test
    void aGroupKeyRoundTripsAnyText() {
        for (String[] pair : new String[][] {{null, null}, {"", ""}, {"a|b:c", "x:1|"}, {"smb", null}, {null, "k@v"}}) {
            String key = LevelTally.Group.key(HealthLevel.LV2, pair[0], pair[1]);
            assertThat(LevelTally.Group.parse(key)).isEqualTo(new LevelTally.Group(HealthLevel.LV2, pair[0], pair[1]));
        }
    }

    private static Map<String, Long> counts(ScoringDriver d) {
        KeyValueStore<String, Long> store = d.driver.getKeyValueStore(ScoringTopology.LEVEL_COUNTS_STORE);
        Map<String, Long> out = new HashMap<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(e -> out.put(e.key, e.value));
        }
        return out;
    }

    private static Map<String, Long> fromAccounts(ScoringDriver d) {
        KeyValueStore<String, io.healthscore.scoring.state.AccountState> store =
                d.driver.getKeyValueStore(ScoringTopology.ACCOUNT_STORE);
        Map<String, Long> out = new HashMap<>();
        try (KeyValueIterator<String, io.healthscore.scoring.state.AccountState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, io.healthscore.scoring.state.AccountState> e = all.next();
                if (e.value.lastLevel() != null) {
                    out.merge(LevelTally.Group.key(e.value.lastLevel(), e.value.segment(), e.value.csmOwnerEmail()),
                            1L, Long::sum);
                }
            }
        }
        return out;
    }
}
