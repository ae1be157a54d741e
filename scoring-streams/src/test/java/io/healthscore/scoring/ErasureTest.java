package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.HealthScore;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.topology.ScoringTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An erasure (a profile tombstone with the erasure header) deletes the account's whole state and remembered
 * message ids and tombstones its latest score; a plain profile tombstone only forgets the profile.
 */
class ErasureTest {

    private final ScoringDriver driver = new ScoringDriver(ScoringDriver.everyEvaluationPublished());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void anErasureDeletesTheAccountsStateAndMessageIdsAndTombstonesItsLatestScore() {
        // Given two accounts with usage, signals and profiles
        for (String account : List.of("erase-me", "keep-me")) {
            driver.profile(account, 10, null);
            driver.login(account, "u-1");
            driver.nps(account, 9);
        }
        driver.latestRecords();
        driver.scores();
        driver.alerts();
        driver.transitions();

        // When one of them is erased
        driver.profileTombstone("erase-me", true);

        // Then its state and message ids are gone, the other account's stay
        KeyValueStore<String, AccountState> accounts = driver.driver.getKeyValueStore(ScoringTopology.ACCOUNT_STORE);
        assertThat(accounts.get("erase-me")).isNull();
        assertThat(accounts.get("keep-me")).isNotNull();
        assertThat(seenKeys()).noneMatch(k -> k.contains("erase-me")).anyMatch(k -> k.contains("keep-me"));
        // And its latest score is tombstoned, nothing else is published for it
        assertThat(driver.latestRecords()).containsExactly(KeyValue.pair("erase-me", null));
        assertThat(driver.scores()).isEmpty();
        assertThat(driver.alerts()).isEmpty();

        // When the sweep runs later, nothing of the erased account comes back
        driver.advance(Duration.ofDays(2));
        driver.login("keep-me", "u-1");
        assertThat(driver.scores()).extracting(HealthScore::getAccountId).doesNotContain("erase-me");
        assertThat(accounts.get("erase-me")).isNull();
    }

    @Test
    void aPlainProfileTombstoneForgetsTheProfileButKeepsTheBehaviour() {
        driver.profile("left-crm", 10, null);
        driver.login("left-crm", "u-1");

        driver.profileTombstone("left-crm", false);

        KeyValueStore<String, AccountState> accounts = driver.driver.getKeyValueStore(ScoringTopology.ACCOUNT_STORE);
        assertThat(accounts.get("left-crm")).isNotNull();
        assertThat(driver.latestRecords()).allSatisfy(kv -> assertThat(kv.value).isNotNull());
    }

    @Test
    void anErasureOfAnAccountScoringNeverSawChangesNothing() {
        driver.login("keep-me", "u-1");
        driver.latestRecords();

        driver.profileTombstone("never-seen", true);

        assertThat(driver.latestRecords()).containsExactly(KeyValue.pair("never-seen", null));
        assertThat(driver.profilesDlq().isEmpty()).isTrue();
    }

    private List<String> seenKeys() {
        WindowStore<String, Long> seen = driver.driver.getWindowStore(ScoringTopology.SEEN_MESSAGES_STORE);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, Long> it = seen.fetchAll(Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
            it.forEachRemaining(kv -> keys.add(kv.key.key()));
        }
        return keys;
    }
}
