package io.healthscore.alert.identity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes of local console users: PBKDF2-HMAC-SHA256, written
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}, at least {@value #MIN_ITERATIONS} iterations
 * (OWASP's figure for PBKDF2-SHA256). Verification compares in constant time. Run as a program it reads one password
 * from standard input and prints its hash, for {@code identity.users.<name>.password-hash}.
 */
public final class PasswordHash {

    public static final int MIN_ITERATIONS = 210_000;
    public static final int DEFAULT_ITERATIONS = 310_000;
    /** Longer passwords are refused before hashing: PBKDF2 hashes the password once per iteration. */
    public static final int MAX_PASSWORD_CHARS = 1024;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** @throws IllegalArgumentException naming what is wrong with the text (never echoing it) */
    public static PasswordHash parse(String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.strip().split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("a password hash must look like " + PREFIX
                    + "$<iterations>$<salt base64>$<hash base64>");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iterations of a password hash must be a whole number");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("a password hash needs at least " + MIN_ITERATIONS + " iterations, not "
                    + iterations);
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (salt.length < 8 || hash.length != HASH_BITS / 8) {
                throw new IllegalArgumentException("a password hash needs a salt of 8 bytes or more and a 32-byte hash");
            }
            return new PasswordHash(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("a password hash")) {
                throw e;
            }
            throw new IllegalArgumentException("the salt and hash of a password hash must be base64");
        }
    }

    public static PasswordHash create(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /** Whether the password matches; always spends the full hashing time. */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    public String encoded() {
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Override
    public String toString() {
        return "PasswordHash[" + PREFIX + ", " + iterations + " iterations]";
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Reads a password from standard input (its first line) and prints its hash. */
    public static void main(String[] args) throws IOException {
        String password = firstLine(System.in);
        if (password.isEmpty() || password.length() > MAX_PASSWORD_CHARS) {
            System.err.println("give a password of 1 to " + MAX_PASSWORD_CHARS + " characters on standard input");
            System.exit(2);
        }
        System.out.println(create(password.toCharArray(), DEFAULT_ITERATIONS).encoded());
    }

    private static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n' && out.size() <= MAX_PASSWORD_CHARS * 4) {
            out.write(b);
        }
        String line = out.toString(StandardCharsets.UTF_8);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
