package io.healthscore.e2e.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The per-run files and secrets of a pipeline run: the playbook file, a fresh write key and its digest. */
public final class RunFiles {

    private static final String PLAYBOOKS = "/io/healthscore/e2e/playbooks.yml";

    private RunFiles() {
    }

    /** Copies the run's playbooks into {@code workDir} (the alert service reads them from a file). */
    public static Path writePlaybooks(Path workDir) {
        try (InputStream in = RunFiles.class.getResourceAsStream(PLAYBOOKS)) {
            if (in == null) {
                throw new IllegalStateException(PLAYBOOKS + " is missing from the class path");
            }
            Files.createDirectories(workDir);
            Path file = workDir.resolve("playbooks.yml");
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random secret of 32 bytes, hex-encoded (write keys, API tokens, webhook secrets). */
    public static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Lower-case hex SHA-256 of the key, as ingest's {@code write-key-sha256} expects. */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
