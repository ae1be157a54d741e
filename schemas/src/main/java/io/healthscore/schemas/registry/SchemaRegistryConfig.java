package io.healthscore.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach a Confluent-compatible schema registry: the URLs (tried in order when one cannot be reached),
 * credentials, trust store, request timeout and retry back-off. Credentials written into a URL
 * ({@code http://user:pass@host}) are moved out of it, so URLs are always safe to print; {@link #toString()}
 * masks the credentials and trust store password.
 */
public record SchemaRegistryConfig(List<URI> urls, Optional<String> basicAuthUserInfo, Optional<TlsSettings> tls,
                                   Duration requestTimeout, int maxRetries, Duration initialBackoff,
                                   Duration maxBackoff) {

    public static final String URL_CONFIG = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    public static final String MAX_RETRIES_CONFIG = "schema.registry.max.retries";
    public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "schema.registry.retry.backoff.max.ms";

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);

    private static final Set<String> SCHEMES = Set.of("http", "https", "mem");

    public SchemaRegistryConfig {
        Objects.requireNonNull(urls, "urls");
        Objects.requireNonNull(basicAuthUserInfo, "basicAuthUserInfo");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(URL_CONFIG + " must name at least one schema registry URL");
        }
        List<URI> withoutCredentials = new ArrayList<>(urls.size());
        for (URI url : urls) {
            requireSupported(url);
            if (url.getRawUserInfo() != null) {
                // Credentials in a URL would end up in every log line and error message that names the URL.
                if (basicAuthUserInfo.isEmpty()) {
                    // URLDecoder would turn a literal '+' of a password into a space.
                    basicAuthUserInfo = Optional.of(
                            URLDecoder.decode(url.getRawUserInfo().replace("+", "%2B"), StandardCharsets.UTF_8));
                }
                url = withoutUserInfo(url);
            }
            withoutCredentials.add(url);
        }
        if (withoutCredentials.stream().map(URI::getScheme).anyMatch("mem"::equals)
                && withoutCredentials.size() > 1) {
            throw new IllegalArgumentException(URL_CONFIG + ": a mem:// registry cannot be combined with other URLs");
        }
        urls = List.copyOf(withoutCredentials);
        requirePositive(requestTimeout, REQUEST_TIMEOUT_MS_CONFIG);
        requireNotNegative(initialBackoff, RETRY_BACKOFF_MS_CONFIG);
        requireNotNegative(maxBackoff, RETRY_BACKOFF_MAX_MS_CONFIG);
        if (maxRetries < 0) {
            throw new IllegalArgumentException(MAX_RETRIES_CONFIG + " must not be negative, was " + maxRetries);
        }
    }

    /** One registry (or a comma-separated list of them) with default timeout and retries and no credentials. */
    public static SchemaRegistryConfig of(String url) {
        return new SchemaRegistryConfig(parseUrls(url), Optional.empty(), Optional.empty(), DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_RETRIES, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /**
     * Reads the Confluent client keys ({@code schema.registry.url}, {@code basic.auth.*},
     * {@code schema.registry.ssl.truststore.*}) and ours for timeout and retries, as a Kafka client gets them.
     *
     * @throws IllegalArgumentException naming the key when a value is missing or invalid
     */
    public static SchemaRegistryConfig fromProperties(Map<String, ?> configs) {
        Object url = configs.get(URL_CONFIG);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("Missing required configuration \"" + URL_CONFIG
                    + "\" which has no default value (comma-separated schema registry URLs).");
        }
        List<URI> urls = url instanceof Collection<?> list
                ? list.stream().map(String::valueOf).flatMap(u -> parseUrls(u).stream()).toList()
                : parseUrls(url.toString());
        return new SchemaRegistryConfig(
                urls,
                basicAuthUserInfo(configs),
                tlsSettings(configs),
                Duration.ofMillis(longValue(configs, REQUEST_TIMEOUT_MS_CONFIG, DEFAULT_REQUEST_TIMEOUT.toMillis())),
                (int) Math.min(Integer.MAX_VALUE, longValue(configs, MAX_RETRIES_CONFIG, DEFAULT_MAX_RETRIES)),
                Duration.ofMillis(longValue(configs, RETRY_BACKOFF_MS_CONFIG, DEFAULT_INITIAL_BACKOFF.toMillis())),
                Duration.ofMillis(longValue(configs, RETRY_BACKOFF_MAX_MS_CONFIG, DEFAULT_MAX_BACKOFF.toMillis())));
    }

    /** Whether this config names the in-process registry ({@code mem://scope}) rather than an HTTP one. */
    public boolean inMemory() {
        return "mem".equals(urls.get(0).getScheme());
    }

    @Override
    public String toString() {
        return "SchemaRegistryConfig[urls=" + urls
                + ", basicAuthUserInfo=" + (basicAuthUserInfo.isPresent() ? "[hidden]" : "none")
                + ", tls=" + tls.map(TlsSettings::toString).orElse("none")
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries
                + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff + "]";
    }

    private static Optional<String> basicAuthUserInfo(Map<String, ?> configs) {
        String source = clientValue(configs, BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG).orElse("URL");
        return switch (source.toUpperCase(java.util.Locale.ROOT)) {
            // URL is Confluent's default: credentials, if any, come from the user info of the URL itself,
            // which the canonical constructor moves into basicAuthUserInfo.
            case "URL" -> Optional.empty();
            case "USER_INFO" -> Optional.of(clientValue(configs, BASIC_AUTH_USER_INFO_CONFIG)
                    .filter(info -> info.contains(":"))
                    .orElseThrow(() -> new IllegalArgumentException(BASIC_AUTH_USER_INFO_CONFIG
                            + " must be set to 'user:password' when " + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG
                            + " is USER_INFO")));
            default -> throw new IllegalArgumentException("Invalid value " + source + " for configuration "
                    + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + ": supported are USER_INFO and URL");
        };
    }

    private static Optional<TlsSettings> tlsSettings(Map<String, ?> configs) {
        return stringValue(configs, TRUSTSTORE_LOCATION_CONFIG).map(location -> new TlsSettings(
                Path.of(location),
                stringValue(configs, TRUSTSTORE_PASSWORD_CONFIG),
                stringValue(configs, TRUSTSTORE_TYPE_CONFIG).orElse(TlsSettings.DEFAULT_TYPE)));
    }

    private static List<URI> parseUrls(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(u -> !u.isEmpty())
                .map(SchemaRegistryConfig::parseUrl)
                .toList();
    }

    private static URI parseUrl(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            // The URI's own message would repeat the URL, credentials included.
            throw new IllegalArgumentException("Invalid URL in " + URL_CONFIG + " (" + e.getReason() + " at index "
                    + e.getIndex() + ")", null);
        }
    }

    private static void requireSupported(URI url) {
        if (url.getScheme() == null || !SCHEMES.contains(url.getScheme().toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("Invalid URL in " + URL_CONFIG + ": the scheme must be http, https or "
                    + "mem, was " + url.getScheme());
        }
        if (url.getRawAuthority() == null) {
            throw new IllegalArgumentException("Invalid URL in " + URL_CONFIG + ": it names no host (or mem:// scope)");
        }
    }

    private static URI withoutUserInfo(URI url) {
        String authority = url.getRawAuthority();
        StringBuilder rebuilt = new StringBuilder(url.getScheme()).append("://")
                .append(authority.substring(authority.lastIndexOf('@') + 1));
        if (url.getRawPath() != null) {
            rebuilt.append(url.getRawPath());
        }
        if (url.getRawQuery() != null) {
            rebuilt.append('?').append(url.getRawQuery());
        }
        return URI.create(rebuilt.toString());
    }

    /** The key as given, else with Confluent's alternative "schema.registry." prefix (as Kafka Streams apps write it). */
    private static Optional<String> clientValue(Map<String, ?> configs, String key) {
        return stringValue(configs, key).or(() -> stringValue(configs, "schema.registry." + key));
    }

    private static Optional<String> stringValue(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().trim());
    }

    private static long longValue(Map<String, ?> configs, String key, long defaultValue) {
        Object value = configs.get(key);
        if (value == null || value.toString().isBlank()) {
            return defaultValue;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + value + " for configuration " + key
                    + ": expected a whole number", e);
        }
    }

    private static void requirePositive(Duration duration, String key) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, was " + duration.toMillis() + " ms");
        }
    }

    private static void requireNotNegative(Duration duration, String key) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative, was " + duration.toMillis() + " ms");
        }
    }
}
