package io.healthscore.ingest.auth;

import io.healthscore.ingest.config.SourceSettings;
import io.healthscore.ingest.problem.IngestRejection;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Finds the source a write key belongs to. Keys arrive as HTTP Basic user name (Segment style, password ignored),
 * as a Bearer token, or as {@code writeKey} in a Segment body; they are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual} against every configured source, so the time taken does not depend on which
 * source, if any, matched. Keys never appear in exceptions or logs.
 */
@Singleton
public final class WriteKeyAuthenticator {

    private static final int MAX_KEY_LENGTH = 512;

    private final List<Source> sources;

    public WriteKeyAuthenticator(Collection<SourceSettings> settings) {
        List<Source> list = new ArrayList<>();
        for (SourceSettings s : settings) {
            String hex = s.getWriteKeySha256();
            if (hex == null || !hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("ingest.sources." + s.getName()
                        + ".write-key-sha256 must be the 64 hex digits of the SHA-256 of the write key");
            }
            list.add(new Source(s.getName(), HexFormat.of().parseHex(hex)));
        }
        this.sources = List.copyOf(list);
    }

    /**
     * The source named by an Authorization header; empty when there is no header.
     *
     * @throws IngestRejection 401 when a header is present but names no source
     */
    public Optional<String> sourceFromHeader(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        String key = keyFromHeader(authorization.trim());
        return Optional.of(sourceOf(key).orElseThrow(WriteKeyAuthenticator::invalidKey));
    }

    /** The source whose key this is, if any. */
    public Optional<String> sourceOf(String writeKey) {
        if (writeKey == null || writeKey.isEmpty() || writeKey.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        byte[] digest = sha256(writeKey.getBytes(StandardCharsets.UTF_8));
        String match = null;
        for (Source source : sources) {
            // No early exit: every source is compared, so timing does not reveal which one matched.
            if (MessageDigest.isEqual(digest, source.digest()) && match == null) {
                match = source.name();
            }
        }
        return Optional.ofNullable(match);
    }

    static IngestRejection invalidKey() {
        return IngestRejection.unauthorized("The write key is not valid for this service");
    }

    private static String keyFromHeader(String header) {
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String credentials = space < 0 ? "" : header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return credentials;
        }
        if (!scheme.equalsIgnoreCase("Basic") || credentials.length() > MAX_KEY_LENGTH * 2) {
            throw IngestRejection.unauthorized("Authorization must be Basic (write key as user name) or Bearer");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw IngestRejection.unauthorized("Basic credentials are not valid Base64");
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? decoded : decoded.substring(0, colon);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private record Source(String name, byte[] digest) {
    }
}
