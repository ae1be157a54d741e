package io.healthscore.e2e.demo;

import io.healthscore.e2e.process.ServiceSpec;
import io.healthscore.e2e.product.AccountCatalog;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The console sign-ins of a demo: one CSM, who sees only the accounts they own, and a lead whose team is that CSM
 * and a second one, so scoping shows at once. Passwords are random per run; the alert service is given only their
 * PBKDF2 hashes.
 */
public record DemoSignIns(List<SignIn> signIns) {

    /** One local user: the e-mail to type as user name, the run's password, the role and a lead's team. */
    public record SignIn(String user, String email, String password, String role, List<String> team) {
    }

    public static DemoSignIns random() {
        List<String> csms = AccountCatalog.csmEmails();
        return new DemoSignIns(List.of(
                new SignIn("csm", csms.get(0), password(), "csm", List.of()),
                new SignIn("lead", "lead@" + AccountCatalog.CSM_DOMAIN, password(), "lead", List.of(csms.get(0), csms.get(1)))));
    }

    /** The alert service's spec with these users configured ({@code identity.users.<user>.*}). */
    public ServiceSpec configure(ServiceSpec alertService) {
        Map<String, String> props = new HashMap<>(alertService.systemProperties());
        for (SignIn s : signIns) {
            String prefix = "identity.users." + s.user() + ".";
            props.put(prefix + "email", s.email());
            props.put(prefix + "password-hash", hash(s.password()));
            props.put(prefix + "roles", s.role());
            if (!s.team().isEmpty()) {
                props.put(prefix + "team", String.join(",", s.team()));
            }
        }
        return new ServiceSpec(alertService.name(), alertService.moduleDir(), alertService.mainClass(),
                alertService.extraClassPath(), alertService.environment(), props, alertService.jvmOptions(),
                alertService.readinessUrl());
    }

    /** For endpoints.json: each sign-in's role, user name (the e-mail), password and team. */
    List<Map<String, Object>> asJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SignIn s : signIns) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("role", s.role());
            json.put("user", s.email());
            json.put("password", s.password());
            json.put("team", s.team());
            out.add(json);
        }
        return out;
    }

    /** Iterations of the demo's hashes: the alert service's minimum (its users' sign-ins cost that much). */
    static final int ITERATIONS = 210_000;

    /**
     * The password as alert-service's {@code identity.PasswordHash} stores one: {@code pbkdf2-sha256$<iterations>$<salt
     * base64>$<PBKDF2-HMAC-SHA256, 256 bits, base64>}. Written here because the services' classes stay off this module's
     * class path (they run as their own JVMs); the demo's sign-in test reads it back through the service.
     */
    static String hash(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            return "pbkdf2-sha256$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String password() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
