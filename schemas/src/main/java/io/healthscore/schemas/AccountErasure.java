package io.healthscore.schemas;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * How an account's erasure travels: a tombstone (null value) on account-profiles keyed by the account, carrying
 * the header {@value #HEADER} (its value the erasure's id). A plain profile tombstone means "the account left the
 * CRM: forget its profile"; one with this header means "erase the account": scoring deletes its whole state (the
 * changelogs then hold tombstones) and tombstones its latest score. Written by alert-service's erasure endpoint.
 */
public final class AccountErasure {

    public static final String HEADER = "healthscore.erase";

    private AccountErasure() {
    }

    /** Whether a record's headers mark it as an erasure. */
    public static boolean isErasure(Headers headers) {
        if (headers == null) {
            return false;
        }
        Header header = headers.lastHeader(HEADER);
        return header != null;
    }
}
