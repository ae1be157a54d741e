package io.healthscore.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * An open console inbox of the benchmark's CSM, kept live the way the page's script keeps it: signed in, listening on
 * {@code /console/live}, and on hearing of a change fetching the page again, at most once a second. For each account
 * it records when a fetch that followed the account's change was answered: the moment an open page shows it. The
 * probes' alerts belong to this CSM because the alert service names it as the fallback CSM.
 */
final class ConsoleLiveWatcher implements AutoCloseable {

    static final String USER = "bench";
    static final String EMAIL = "csm.bench@bench.example";
    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
    private static final Pattern ACCOUNT = Pattern.compile("\"account\":\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String cookie;
    private final Map<String, Long> visible = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Stream<String> lines;
    private final Thread reader;
    private final Thread fetcher;
    private volatile boolean closed;

    private ConsoleLiveWatcher(URI base, String cookie, Stream<String> lines) {
        this.base = base;
        this.cookie = cookie;
        this.lines = lines;
        this.reader = Thread.ofVirtual().name("bench-console-live").start(this::read);
        this.fetcher = Thread.ofVirtual().name("bench-console-fetch").start(this::fetch);
    }

    /** The console settings of the benchmark's CSM, with a PBKDF2 hash of {@code password} as the service reads it. */
    static Map<String, String> settings(String password) {
        return Map.of("identity.users." + USER + ".email", EMAIL,
                "identity.users." + USER + ".password-hash", hash(password),
                "identity.users." + USER + ".roles", "csm",
                "mail.fallback-csm", EMAIL);
    }

    /** Signs in at {@code alertService} and opens the live channel. */
    static ConsoleLiveWatcher open(URI alertService, String password) {
        ConsoleLiveWatcher.Session s = signIn(alertService, password);
        HttpRequest live = HttpRequest.newBuilder(alertService.resolve("/console/live"))
                .header("Accept", "text/event-stream").header("Cookie", s.cookie()).build();
        try {
            HttpResponse<Stream<String>> r = s.http().send(live, HttpResponse.BodyHandlers.ofLines());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the console's live channel answered " + r.statusCode());
            }
            return new ConsoleLiveWatcher(alertService, s.cookie(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the console's live channel: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private record Session(HttpClient http, String cookie) {
    }

    private static Session signIn(URI base, String password) {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> form = http.send(HttpRequest.newBuilder(base.resolve("/console/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher csrf = CSRF.matcher(form.body());
            if (!csrf.find()) {
                throw new IllegalStateException("the console's sign-in page has no CSRF field");
            }
            String body = "csrf=" + enc(csrf.group(1)) + "&username=" + enc(USER) + "&password=" + enc(password);
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(base.resolve("/console/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookieOf(form))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (signedIn.statusCode() != 303) {
                throw new IllegalStateException("the benchmark's CSM could not sign in to the console ("
                        + signedIn.statusCode() + ")");
            }
            return new Session(http, cookieOf(signedIn));
        } catch (IOException e) {
            throw new IllegalStateException("cannot sign in to the console: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String cookieOf(HttpResponse<?> r) {
        return r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("hs_console="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new IllegalStateException("the console set no session cookie"));
    }

    private void read() {
        String event = "";
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:") && event.equals("change")) {
                    Matcher m = ACCOUNT.matcher(line);
                    if (m.find()) {
                        pending.add(m.group(1));
                    }
                } else if (line.isEmpty()) {
                    event = "";
                }
            }
        } catch (RuntimeException e) {
            // closed
        }
    }

    /** As the page does: one fetch at a time, at most one a second, covering every change heard before it began. */
    private void fetch() {
        long last = 0;
        HttpRequest page = HttpRequest.newBuilder(base.resolve("/console/inbox")).timeout(Duration.ofSeconds(10))
                .header("Cookie", cookie).header("X-Console-Live", "1").build();
        while (!closed) {
            if (pending.isEmpty()) {
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                continue;
            }
            long wait = last + EVERY.toMillis() - System.currentTimeMillis();
            if (wait > 0) {
                LockSupport.parkNanos(Duration.ofMillis(wait).toNanos());
            }
            List<String> covered = List.copyOf(pending);
            pending.removeAll(covered);
            last = System.currentTimeMillis();
            try {
                if (http.send(page, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    long at = System.currentTimeMillis();
                    covered.forEach(a -> visible.putIfAbsent(a, at));
                }
            } catch (IOException e) {
                pending.addAll(covered); // the next fetch covers them
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** When an open page showed {@code account}'s change (epoch ms), waiting at most {@code wait}. */
    Optional<Long> visibleAt(String account, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!visible.containsKey(account) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return Optional.ofNullable(visible.get(account));
    }

    @Override
    public void close() {
        closed = true;
        lines.close();
        reader.interrupt();
        fetcher.interrupt();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The console's password-hash format: pbkdf2-sha256$iterations$salt$hash (base64), 210,000 iterations. */
    static String hash(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        int iterations = 210_000;
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
