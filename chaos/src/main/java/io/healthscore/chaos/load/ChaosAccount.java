package io.healthscore.chaos.load;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One customer account of the chaos run, with the profile that decides its alerts' playbooks: a coverage model
 * (HIGH, LOW or TECH touch in turn), a CSM, a contact and language, ten seats, and for one account in four a
 * renewal within 90 days (so a low level raises RENEWAL_AT_RISK, an IMMINENT alert with Slack and email).
 */
public record ChaosAccount(String id, String coverageModel, String csmOwnerEmail, String contactEmail,
                           String contactLanguage, int seats, LocalDate renewalDate, int users) {

    private static final List<String> COVERAGE = List.of("HIGH_TOUCH", "LOW_TOUCH", "TECH_TOUCH");

    /** {@code count} accounts, {@code chaos-001} onwards. */
    public static List<ChaosAccount> generate(int count, LocalDate today) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> {
            String id = String.format("chaos-%03d", i);
            String coverage = COVERAGE.get(i % COVERAGE.size());
            LocalDate renewal = i % 4 == 0 ? today.plusDays(45) : today.plusDays(400);
            return new ChaosAccount(id, coverage, "csm-" + (i % 4) + "@vendor.example", "ops@" + id + ".example",
                    i % 2 == 0 ? "ja" : "en", 10, renewal, 6);
        }).toList();
    }

    /** The body of {@code PUT /v1/accounts/{id}}. */
    public Map<String, Object> profile() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", id);
        p.put("plan", "business");
        p.put("segment", "smb");
        p.put("coverageModel", coverageModel);
        p.put("csmOwnerEmail", csmOwnerEmail);
        p.put("contactEmail", contactEmail);
        p.put("contactLanguage", contactLanguage);
        p.put("seats", seats);
        p.put("renewalDate", renewalDate.toString());
        return p;
    }
}
