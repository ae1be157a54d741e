package io.healthscore.ingest.limits;

import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.ingest.config.IngestLimits;
import io.healthscore.ingest.config.NewAccountSettings;
import io.healthscore.ingest.config.RateLimitSettings;
import io.healthscore.ingest.config.SourceSettings;
import io.healthscore.ingest.mapping.MappedRequest;
import io.healthscore.ingest.problem.IngestRejection;
import io.healthscore.ingest.publish.OutgoingRecord;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.InMemorySchemaRegistryClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AdmissionTest {

    static final IngestLimits LIMITS = new IngestLimits(32768, 512000, 10, 512000, 10, 32768, 16, 1 << 20, 100);

    final AtomicLong now = new AtomicLong();
    final Topics topics = Topics.create(TopicNames.defaults(), new InMemorySchemaRegistryClient(), true);
    final KnownAccounts known = new KnownAccounts(true);

    Admission admission(RateLimitSettings rates, int newPerHour, SourceSettings... sources) {
        return new Admission(rates, new NewAccountSettings(newPerHour, false), LIMITS, List.of(sources), known, topics,
                now::get);
    }

    static RateLimitSettings rates(double perSecond, int burst, double accountPerSecond, int accountBurst) {
        return new RateLimitSettings(perSecond, burst, accountPerSecond, accountBurst, 1000);
    }

    @Test
    void aSourceSpendsOneTokenPerEventNotPerRequest() {
        Admission admission = admission(rates(2, 10, 1000, 1000), 1000);

        admission.admit("web", events("a", 6));
        IngestRejection limited = catchThrowableOfType(IngestRejection.class, () -> admission.admit("web", events("a", 5)));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.reason()).isEqualTo("rate-limited");
        // 4 tokens left, 5 needed, 2 per second
        assertThat(limited.retryAfter()).contains(Duration.ofMillis(500));
        assertThatCode(() -> admission.admit("web", events("a", 4))).doesNotThrowAnyException();
    }

    @Test
    void aRefusedRequestTakesNoTokens() {
        Admission admission = admission(rates(1, 10, 1000, 1000), 1000);
        admission.admit("web", events("a", 8));

        assertThatThrownBy(() -> admission.admit("web", events("a", 3))).isInstanceOf(IngestRejection.class);

        assertThatCode(() -> admission.admit("web", events("a", 2))).doesNotThrowAnyException();
    }

    @Test
    void anEmptyBucketRefusesBeforeTheBodyIsParsed() {
        Admission admission = admission(rates(1, 10, 1000, 1000), 1000);
        admission.admit("web", events("a", 10));

        assertThatThrownBy(() -> admission.beforeParse("web")).isInstanceOf(IngestRejection.class)
                .hasMessageContaining("event rate");
        assertThatCode(() -> admission.beforeParse("crm")).doesNotThrowAnyException();
    }

    @Test
    void anAccountHasItsOwnRateAcrossSources() {
        Admission admission = admission(rates(1000, 1000, 1, 5), 1000);
        admission.admit("web", events("acct-1", 3));

        IngestRejection limited = catchThrowableOfType(IngestRejection.class,
                () -> admission.admit("crm", events("acct-1", 3)));

        assertThat(limited.getMessage()).contains("Account 'acct-1' exceeded its event rate");
        assertThatCode(() -> admission.admit("crm", events("acct-2", 3))).doesNotThrowAnyException();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThatCode(() -> admission.admit("crm", events("acct-1", 3))).doesNotThrowAnyException();
    }

    @Test
    void aSourceMayIntroduceOnlySoManyNewAccountsPerHour() {
        Admission admission = admission(rates(1000, 1000, 1000, 1000), 3);
        known.add("old-1");

        assertThat(admission.admit("web", accounts("new-1", "new-2", "old-1"))).isEqualTo(2);
        IngestRejection capped = catchThrowableOfType(IngestRejection.class,
                () -> admission.admit("web", accounts("new-3", "new-4")));

        assertThat(capped.status()).isEqualTo(429);
        assertThat(capped.reason()).isEqualTo("new-accounts-limited");
        assertThat(capped.getMessage()).contains("at most 3 new accounts per hour", "introduces 2");
        // 1 token left, 2 needed, 3 per hour: 20 minutes
        assertThat(capped.retryAfter()).contains(Duration.ofMinutes(20));
        assertThat(known.contains("new-3")).isFalse();
        assertThat(admission.admit("web", accounts("new-1", "new-2", "old-1", "new-3"))).as("known now").isEqualTo(1);
    }

    @Test
    void aSourceMayHaveItsOwnNewAccountCap() {
        SourceSettings crm = new SourceSettings("crm");
        crm.setNewAccountsPerHour(100);
        Admission admission = admission(rates(1000, 1000, 1000, 1000), 1, crm);

        assertThatCode(() -> admission.admit("crm", accounts("a", "b", "c", "d"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> admission.admit("web", accounts("e", "f"))).isInstanceOf(IngestRejection.class);
    }

    @Test
    void parkedUnattributedCallsCountAsEventsButIntroduceNoAccount() {
        Admission admission = admission(rates(0.001, 10, 1000, 1000), 1);
        Topics t = topics;
        List<OutgoingRecord<?, ?>> parked = List.of(new OutgoingRecord<>(t.dlqOf(t.usageEvents()),
                "u".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8), Map.of()));

        assertThat(admission.admit("web", new MappedRequest(parked, List.of("m"), 2, 1))).isZero();
        assertThatThrownBy(() -> admission.admit("web", events("a", 8))).as("3 of 10 tokens spent")
                .isInstanceOf(IngestRejection.class);
        assertThat(known.contains("u")).isFalse();
    }

    @Test
    void aBurstSmallerThanTheLargestRequestIsAConfigurationError() {
        assertThatThrownBy(() -> admission(rates(10, 9, 10, 10), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("largest request (10 events)");
    }

    private MappedRequest events(String account, int n) {
        List<OutgoingRecord<?, ?>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new OutgoingRecord<>(topics.usageEvents(), account, event(account)));
        }
        return new MappedRequest(records, List.of(), 0, 0);
    }

    private MappedRequest accounts(String... ids) {
        List<OutgoingRecord<?, ?>> records = new ArrayList<>();
        for (String id : ids) {
            records.add(new OutgoingRecord<>(topics.usageEvents(), id, event(id)));
        }
        return new MappedRequest(records, List.of(), 0, 0);
    }

    private static UsageEvent event(String account) {
        return UsageEvent.newBuilder().setMessageId("m").setAccountId(account).setType(UsageEventType.LOGIN)
                .setOccurredAt(Instant.EPOCH).setReceivedAt(Instant.EPOCH).setSource("web").setProperties(Map.of())
                .build();
    }
}
