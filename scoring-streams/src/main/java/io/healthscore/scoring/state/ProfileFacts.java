package io.healthscore.scoring.state;

import io.healthscore.avro.CoverageModel;
import java.time.LocalDate;

/**
 * What the CRM says about an account (segment, coverage model, CSM owner, renewal date, seats), as of the newest
 * profile applied. Profiles are partial updates and may arrive out of order: see {@link #apply}.
 */
final class ProfileFacts {

    String segment;
    CoverageModel coverageModel;
    String csmOwnerEmail;
    LocalDate renewalDate;
    Integer seats;
    long updatedAt = AccountState.NONE;

    /**
     * Applies a profile unless an equally new or newer one was applied already (out-of-order updates). Profile
     * records are partial updates: a null field keeps its earlier value, because sources send different subsets
     * (the CRM sends owner and renewal date, a Segment group call may send only a name). Seats of 0 or less mean
     * "unknown" and clear the earlier value.
     */
    boolean apply(long updatedAt, String segment, CoverageModel coverage, String csmOwner, LocalDate renewal,
                  Integer seats) {
        if (updatedAt < this.updatedAt) {
            return false;
        }
        this.updatedAt = updatedAt;
        this.segment = segment != null ? segment : this.segment;
        this.coverageModel = coverage != null ? coverage : this.coverageModel;
        this.csmOwnerEmail = csmOwner != null ? csmOwner : this.csmOwnerEmail;
        this.renewalDate = renewal != null ? renewal : this.renewalDate;
        if (seats != null) {
            this.seats = seats <= 0 ? null : seats;
        }
        return true;
    }

    /** Forgets the profile (a tombstone on the profile topic). */
    void clear() {
        updatedAt = AccountState.NONE;
        segment = null;
        coverageModel = null;
        csmOwnerEmail = null;
        renewalDate = null;
        seats = null;
    }
}
