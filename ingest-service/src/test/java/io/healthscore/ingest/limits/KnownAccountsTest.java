package io.healthscore.ingest.limits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KnownAccountsTest {

    @Test
    void remembersEveryAddedAccountThroughManyResizes() {
        KnownAccounts known = new KnownAccounts(true);
        for (int i = 0; i < 100_000; i++) {
            assertThat(known.add("acct-" + i)).isTrue();
        }

        assertThat(known.size()).isEqualTo(100_000);
        for (int i = 0; i < 100_000; i++) {
            assertThat(known.contains("acct-" + i)).isTrue();
        }
        assertThat(known.contains("acct-100000")).isFalse();
        assertThat(known.add("acct-7")).as("already known").isFalse();
    }
}
