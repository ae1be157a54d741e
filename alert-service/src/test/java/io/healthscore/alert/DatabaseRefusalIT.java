package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.alert.intake.IntakeListener;
import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.CoverageModel;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database's word on a record decides between retry and dead letter: a record it refuses for its data
 * (SQLSTATE class 22 or 23) goes to the topic's DLQ with the SQLSTATE in its reason and the intake moves on; a
 * deadlock (40P01) is retried until the record is stored. The refusals come from a trigger on account_profiles,
 * so they reach the intake exactly as PostgreSQL reports them, past the intake's own checks.
 */
@ExtendWith(LocalStackExtension.class)
class DatabaseRefusalIT {

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) throws SQLException {
        service = AlertServiceFixture.start(stack, "refusal_it", Map.of());
        sql = new Sql(service.jdbcUrl);
        try (Connection c = DriverManager.getConnection(service.jdbcUrl, "postgres", "");
             Statement s = c.createStatement()) {
            // nextval is not rolled back with the failed transaction, so it counts the tries.
            s.execute("CREATE SEQUENCE IF NOT EXISTS deadlock_tries");
            s.execute("""
                    CREATE OR REPLACE FUNCTION refuse_some_profiles() RETURNS trigger AS $$
                    BEGIN
                      IF NEW.name = 'refused-22' THEN
                        RAISE EXCEPTION 'value out of range for this test' USING ERRCODE = '22003';
                      ELSIF NEW.name = 'refused-23' THEN
                        RAISE EXCEPTION 'check violated for this test' USING ERRCODE = '23514';
                      ELSIF NEW.name = 'deadlocked' AND nextval('deadlock_tries') <= 2 THEN
                        RAISE EXCEPTION 'deadlock for this test' USING ERRCODE = '40P01';
                      END IF;
                      RETURN NEW;
                    END $$ LANGUAGE plpgsql""");
            s.execute("DROP TRIGGER IF EXISTS refuse_some_profiles ON account_profiles");
            s.execute("CREATE TRIGGER refuse_some_profiles BEFORE INSERT ON account_profiles FOR EACH ROW "
                    + "EXECUTE FUNCTION refuse_some_profiles()");
        }
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void recordsTheDatabaseRefusesAreDeadLetteredAndADeadlockIsRetried() {
        // Given profiles the database refuses for their data, each followed by a good profile of the same account
        var profiles = service.topics.accountProfiles();
        for (String refusal : List.of("refused-22", "refused-23")) {
            String account = "acct-" + refusal;
            service.send(profiles, account, profile(account, refusal, 1));
            service.send(profiles, account, profile(account, "Good Co", 2));
        }
        // And a profile that hits a deadlock on its first two tries
        service.send(profiles, "acct-deadlocked", profile("acct-deadlocked", "deadlocked", 1));

        // Then the good profile after each refused one is stored, and so is the deadlocked one
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(sql.rows("SELECT account_id, name FROM account_profiles WHERE account_id IN "
                    + "('acct-deadlocked', 'acct-refused-22', 'acct-refused-23') ORDER BY account_id"))
                    .containsExactly(Map.of("account_id", "acct-deadlocked", "name", "deadlocked"),
                            Map.of("account_id", "acct-refused-22", "name", "Good Co"),
                            Map.of("account_id", "acct-refused-23", "name", "Good Co"));
        });
        // And exactly the two refused profiles are in the DLQ, each with its SQLSTATE in the reason
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAll(service.stack.kafka().bootstrapServers(),
                service.topics.dlqOf(profiles).name());
        dead = dead.stream().filter(r -> !new String(r.key(), StandardCharsets.UTF_8).equals("acct-ancient")).toList();
        assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("acct-refused-22", "acct-refused-23");
        assertThat(dead).extracting(r -> header(r, "dlq.reason"))
                .anySatisfy(reason -> assertThat(reason).contains("SQLSTATE 22003"))
                .anySatisfy(reason -> assertThat(reason).contains("SQLSTATE 23514"));
        assertThat(dead).extracting(r -> header(r, "dlq.error.class"))
                .containsOnly("io.healthscore.alert.store.StoreException");
        // And the deadlock was retried, not dead-lettered
        assertThat(sql.count("SELECT last_value FROM deadlock_tries")).isGreaterThanOrEqualTo(3);
        assertThat(service.context().getBean(IntakeListener.class).isRunning()).isTrue();
    }

    @Test
    void aRenewalDateInTheYearMinus5000IsDeadLetteredAndTheAccountsNextProfileIsStored() {
        // Given a profile whose renewal date Avro can carry but PostgreSQL cannot, then a good one
        var profiles = service.topics.accountProfiles();
        AccountProfile ancient = profile("acct-ancient", "Ancient Co", 1);
        ancient.setRenewalDate(LocalDate.of(-5000, 1, 1));
        service.send(profiles, "acct-ancient", ancient);
        service.send(profiles, "acct-ancient", profile("acct-ancient", "Ancient Co", 2));

        // Then the good one is stored with its renewal date
        await().atMost(Duration.ofSeconds(60)).until(() ->
                sql.count("SELECT count(*) FROM account_profiles WHERE account_id = 'acct-ancient'") == 1);
        assertThat(sql.rows("SELECT renewal_date::text AS d FROM account_profiles WHERE account_id = 'acct-ancient'"))
                .containsExactly(Map.of("d", "2026-05-01"));
        // And the ancient one is in the DLQ, saying why
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAll(service.stack.kafka().bootstrapServers(),
                service.topics.dlqOf(profiles).name()).stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("acct-ancient")).toList();
        assertThat(dead).singleElement().satisfies(r -> assertThat(header(r, "dlq.reason")).contains("renewalDate"));
    }

    private static AccountProfile profile(String account, String name, int version) {
        AccountProfile p = Records.profile(account, name, CoverageModel.LOW_TOUCH, "csm@example.com", null, null);
        p.setUpdatedAt(Records.T0.plusSeconds(version));
        return p;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
