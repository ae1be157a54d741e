package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.CoverageModel;
import io.healthscore.scoring.state.AccountState;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Profile records are partial updates: a field left null keeps its earlier value. Sources send different
 * subsets (the CRM sends renewal date and CSM owner, a Segment group call may send only a name), and the
 * latest one must not erase what the others said.
 */
class ProfileUpdatesTest {

    private static final LocalDate RENEWAL = LocalDate.of(2027, 1, 31);

    private final ScoringDriver hs = new ScoringDriver();

    @AfterEach
    void close() {
        hs.close();
    }

    @Test
    void aProfileCarryingOnlySomeFieldsKeepsTheOthers() {
        // Given a full profile from the CRM
        hs.profile("acme", 10, RENEWAL);

        // When a later update carries only the account's name
        hs.advance(Duration.ofHours(1));
        hs.pipe(AccountProfile.newBuilder().setAccountId("acme").setName("Acme Corp")
                .setUpdatedAt(hs.now()).setSource("segment").build());

        // Then segment, coverage, owner, seats and renewal date are still those of the CRM
        AccountState state = hs.state("acme");
        assertThat(state.segment()).isEqualTo("smb");
        assertThat(state.coverageModel()).isEqualTo(CoverageModel.TECH_TOUCH);
        assertThat(state.csmOwnerEmail()).isEqualTo("csm@example.com");
        assertThat(state.seats()).isEqualTo(10);
        assertThat(state.renewalDate()).isEqualTo(RENEWAL);
    }

    @Test
    void aLaterProfileOverwritesTheFieldsItCarries() {
        // Given a full profile
        hs.profile("acme", 10, RENEWAL);

        // When a later update changes seats and owner
        hs.advance(Duration.ofHours(1));
        hs.pipe(hs.profile("acme").setSeats(25).setCsmOwnerEmail("new-csm@example.com").build());

        // Then those change and the rest stays
        AccountState state = hs.state("acme");
        assertThat(state.seats()).isEqualTo(25);
        assertThat(state.csmOwnerEmail()).isEqualTo("new-csm@example.com");
        assertThat(state.renewalDate()).isEqualTo(RENEWAL);
    }
}
