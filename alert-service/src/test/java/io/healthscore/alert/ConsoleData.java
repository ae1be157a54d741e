package io.healthscore.alert;

import io.healthscore.alert.identity.PasswordHash;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Console test users, a per-person API token and a small portfolio spread over two CSMs, written straight into the
 * service's tables: Ana (csm) owns two accounts, Bo (csm) one, Lee leads Ana, Olga is an operator, Cy (csm)
 * owns nothing.
 */
final class ConsoleData {

    static final String ANA = "ana@example.com";
    static final String BO = "bo@example.com";
    static final String PASSWORD = "correct horse 1";
    static final String ANA_TOKEN = "ana-token-321";
    static final Instant RAISED = Instant.parse("2026-11-30T08:00:00Z");

    private ConsoleData() {
    }

    /** Service settings: the users (hashed at the minimum cost, to keep tests quick) and Ana's own token. */
    static Map<String, Object> settings() {
        String hash = PasswordHash.create(PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS).encoded();
        Map<String, Object> p = new HashMap<>();
        user(p, "ana", ANA, hash, List.of("csm"));
        user(p, "bo", BO, hash, List.of("csm"));
        user(p, "lee", "lee@example.com", hash, List.of("lead"));
        p.put("identity.users.lee.team", List.of(ANA));
        user(p, "olga", "olga@example.com", hash, List.of("operator"));
        user(p, "cy", "cy@example.com", hash, List.of("csm"));
        p.put("api.tokens.ana.token", ANA_TOKEN);
        p.put("api.tokens.ana.roles", List.of("csm"));
        p.put("api.tokens.ana.person", ANA);
        return p;
    }

    private static void user(Map<String, Object> p, String name, String email, String hash, List<String> roles) {
        p.put("identity.users." + name + ".email", email);
        p.put("identity.users." + name + ".password-hash", hash);
        p.put("identity.users." + name + ".roles", roles);
    }

    static void seed(Sql sql) {
        account(sql, "acct-ana-1", "Acme Corp", ANA, 35.5, "LV1");
        account(sql, "acct-ana-2", "Blue Sky Ltd", ANA, 72.0, "LV3");
        account(sql, "acct-bo-1", "Bo's Bakery", BO, 55.0, "LV2");
        alert(sql, "alert-ana-1", "acct-ana-1", "LEVEL_DOWN", "IMMINENT", ANA, "active users -45% vs 28-day baseline");
        alert(sql, "alert-ana-2", "acct-ana-1", "PAYMENT_FAILED", "SUSPECTED", ANA, "payment failed on 2026-11-29");
        alert(sql, "alert-ana-3", "acct-ana-2", "INACTIVITY", "SUSPECTED", ANA, "no login for 15 days");
        alert(sql, "alert-bo-1", "acct-bo-1", "SCORE_DROP", "IMMINENT", BO, "score -18 vs 7 days ago");
    }

    private static void account(Sql sql, String id, String name, String owner, double score, String level) {
        sql.update("INSERT INTO account_profiles (account_id, name, csm_owner, coverage_model, updated_at) "
                + "VALUES (?,?,?,'HIGH_TOUCH',?) ON CONFLICT DO NOTHING", id, name, owner, Timestamp.from(RAISED));
        sql.update("INSERT INTO health_scores (account_id, evaluated_at, score, level, reasons) "
                + "VALUES (?,?,?,?,ARRAY['logins fell']) ON CONFLICT DO NOTHING", id, Timestamp.from(RAISED), score, level);
    }

    private static void alert(Sql sql, String alertId, String accountId, String rule, String severity, String owner,
                              String reason) {
        sql.update("INSERT INTO alerts (alert_id, account_id, rule, severity, score, level, reasons, csm_owner, "
                + "model_version, raised_at, received_at, status) VALUES (?,?,?,?,40.0,'LV1',ARRAY[?],?,'v1',?,?,'OPEN') "
                + "ON CONFLICT DO NOTHING", alertId, accountId, rule, severity, reason, owner, Timestamp.from(RAISED),
                Timestamp.from(RAISED));
    }
}
