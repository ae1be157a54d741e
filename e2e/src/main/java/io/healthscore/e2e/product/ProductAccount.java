package io.healthscore.e2e.product;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One customer account of the synthetic product: its persona, the day its behaviour starts and the day it
 * changes (decline, churn, sign-up, failed payment — per persona), its user pool, and the CRM profile sent
 * to ingest.
 *
 * @param users    how many distinct users the account has (at most {@code seats})
 * @param segmentApi whether the account's product events go through the Segment-compatible endpoints
 */
public record ProductAccount(String id, Persona persona, int startDay, int changeDay, int users, int seats,
                             String name, String plan, long mrrMinor, String coverageModel, String csmOwnerEmail,
                             String contactEmail, String contactLanguage, LocalDate renewalDate,
                             boolean segmentApi) {

    /** The body of {@code PUT /v1/accounts/{id}}. */
    public Map<String, Object> profile() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("plan", plan);
        p.put("mrrMinor", mrrMinor);
        p.put("currency", "USD");
        p.put("segment", plan.equals("enterprise") ? "enterprise" : "smb");
        p.put("coverageModel", coverageModel);
        p.put("csmOwnerEmail", csmOwnerEmail);
        p.put("contactEmail", contactEmail);
        p.put("contactLanguage", contactLanguage);
        p.put("seats", seats);
        p.put("renewalDate", renewalDate.toString());
        return p;
    }

    public String userId(int user) {
        return id + "-u" + user;
    }
}
