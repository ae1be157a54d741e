package io.healthscore.e2e.product;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo's customer base: {@code n} accounts in a fixed persona mix, each with a plan that decides its coverage
 * model (enterprise → high touch, business → low touch, starter → tech touch), MRR, one of five CSMs, a contact in
 * Japanese or English, a renewal date 105–400 days after the origin, and change days drawn so that declining and
 * churning accounts have time to reach Lv1 within {@code days}.
 */
public final class AccountCatalog {

    /** Share of each persona, in order; the rest of the rounding goes to STEADY. */
    private static final List<Share> MIX = List.of(
            new Share(Persona.POWER, 0.20), new Share(Persona.DECLINING, 0.15), new Share(Persona.CHURNING, 0.10),
            new Share(Persona.ONBOARDING, 0.10), new Share(Persona.PAYMENT_TROUBLE, 0.10),
            new Share(Persona.DETRACTOR, 0.10));
    private static final List<String> CSMS = List.of("aiko.tanaka", "ben.okafor", "chloe.martin", "daichi.sato",
            "emma.schulz");
    /** The domain of the CSMs' e-mail addresses. */
    public static final String CSM_DOMAIN = "vendor.example";

    /** The CSMs the accounts are spread over, by e-mail. */
    public static List<String> csmEmails() {
        return CSMS.stream().map(name -> name + "@" + CSM_DOMAIN).toList();
    }

    private record Share(Persona persona, double share) {
    }

    private AccountCatalog() {
    }

    public static List<ProductAccount> generate(int n, int days, Instant origin, long seed) {
        Random random = new Random(seed);
        LocalDate originDate = LocalDate.ofInstant(origin, ZoneOffset.UTC);
        List<Persona> personas = new ArrayList<>();
        for (Share share : MIX) {
            for (int i = 0; i < Math.round(n * share.share()); i++) {
                personas.add(share.persona());
            }
        }
        while (personas.size() < n) {
            personas.add(Persona.STEADY);
        }
        List<ProductAccount> accounts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            accounts.add(account(i, personas.get(i), days, originDate, random));
        }
        return accounts;
    }

    private static ProductAccount account(int i, Persona persona, int days, LocalDate origin, Random random) {
        String id = String.format("acct-%04d", i);
        String plan = switch (random.nextInt(10)) {
            case 0, 1, 2 -> "enterprise";
            case 3, 4, 5 -> "business";
            default -> "starter";
        };
        String coverage = switch (plan) {
            case "enterprise" -> "HIGH_TOUCH";
            case "business" -> "LOW_TOUCH";
            default -> "TECH_TOUCH";
        };
        long mrr = switch (plan) {
            case "enterprise" -> 2_000_00L + random.nextInt(8_000) * 100L;
            case "business" -> 300_00L + random.nextInt(1_200) * 100L;
            default -> 29_00L + random.nextInt(200) * 100L;
        };
        int users = 3 + random.nextInt(4);
        int seats = switch (persona) {
            case POWER, DECLINING, CHURNING -> users;
            default -> users * 2;
        };
        boolean japanese = random.nextDouble() < 0.4;
        String csm = CSMS.get(random.nextInt(CSMS.size())) + "@" + CSM_DOMAIN;
        return new ProductAccount(id, persona, 0, changeDay(persona, days, random), users, seats,
                (japanese ? "株式会社" : "") + "Customer " + i, plan, mrr, coverage, csm,
                "admin@" + id + ".example", japanese ? "ja" : "en",
                origin.plusDays(105 + random.nextInt(296)), i % 3 == 0);
    }

    /** Declines and churns start early enough (about four weeks before the end) to reach Lv1 within the run. */
    private static int changeDay(Persona persona, int days, Random random) {
        return switch (persona) {
            case DECLINING -> (int) (days * 0.20) + random.nextInt(Math.max(1, (int) (days * 0.15)));
            case CHURNING -> (int) (days * 0.20) + random.nextInt(Math.max(1, (int) (days * 0.12)));
            case ONBOARDING -> random.nextInt(Math.max(1, (int) (days * 0.4)));
            default -> (int) (days * 0.3) + random.nextInt(Math.max(1, (int) (days * 0.4)));
        };
    }
}
