package io.healthscore.ingest.cors;

import io.healthscore.ingest.config.SourceSettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The web origins each source's pages post from ({@code ingest.sources.<name>.allowed-origins}), checked at start-up:
 * an origin is exactly {@code scheme://host[:port]} with scheme http or https, no path, no wildcard; anything else
 * stops the service naming the source. Origins are compared exactly (after lower-casing scheme and host), so
 * {@code https://app.example.com.evil.example} and {@code http://app.example.com} are not {@code https://app.example.com}.
 */
@Context
public final class BrowserOrigins {

    private final Map<String, Set<String>> bySource = new HashMap<>();
    private final Set<String> any = new HashSet<>();

    public BrowserOrigins(Collection<SourceSettings> sources) {
        for (SourceSettings source : sources) {
            Set<String> origins = new HashSet<>();
            for (String origin : source.getAllowedOrigins()) {
                String normal = normalise(origin);
                if (normal == null) {
                    throw new IllegalStateException("ingest.sources." + source.getName() + ".allowed-origins: '" + origin
                            + "' is not an origin; give scheme://host[:port], e.g. https://app.example.com (no path, "
                            + "no wildcard)");
                }
                origins.add(normal);
            }
            bySource.put(source.getName(), Set.copyOf(origins));
            any.addAll(origins);
        }
    }

    /** Whether some source lists {@code origin}: its browser requests get CORS answers. */
    public boolean anyAllows(@Nullable String origin) {
        String normal = normalise(origin);
        return normal != null && any.contains(normal);
    }

    /** Whether {@code source} lists {@code origin}. */
    public boolean allows(String source, String origin) {
        String normal = normalise(origin);
        return normal != null && bySource.getOrDefault(source, Set.of()).contains(normal);
    }

    /** The origin as compared, or null when it is not one ({@code null}, a path, a wildcard, another scheme). */
    static @Nullable String normalise(@Nullable String origin) {
        if (origin == null || origin.isBlank() || origin.length() > 253 + 16) {
            return null;
        }
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getHost().contains("*")) {
                return null;
            }
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
