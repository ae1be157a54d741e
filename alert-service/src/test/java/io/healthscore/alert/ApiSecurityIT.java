package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every route of the alert service, taken from Micronaut's router (a new route fails this test until it is listed
 * here with the role it needs): without a token or with a wrong one 401, with a token lacking the route's role 403,
 * with the role an answer; CSM tokens never reach operator routes however the path is spelt; health and metrics
 * are open and reveal no secret; and the service binds to loopback by default. Requests go over a plain socket so
 * that paths reach the server exactly as written.
 */
@ExtendWith(LocalStackExtension.class)
class ApiSecurityIT {

    /** Route (as the router names it) → role it needs, and a concrete path to call it. */
    private static final Map<String, String> ROLE_OF = new LinkedHashMap<>();
    private static final Map<String, String> PATH_OF = new LinkedHashMap<>();
    private static final Set<String> OPEN_ROUTES = Set.of("GET /health", "GET /health/{selector}", "GET /prometheus",
            "HEAD /health", "HEAD /health/{selector}", "HEAD /prometheus");
    /**
     * Console route → what it answers without a session, whatever bearer token comes along: pages send to the sign-in
     * page, forms are refused (no session, so no CSRF token), the sign-in page and its stylesheet are open.
     */
    private static final Map<String, String> CONSOLE_ROUTES = new LinkedHashMap<>();
    private static final Map<String, String> CONSOLE_PATH_OF = new LinkedHashMap<>();

    static {
        route("GET /alerts", "csm", "/alerts?owner=a@example.com");
        route("POST /alerts/{id}/ack", "csm", "/alerts/no-such-alert/ack");
        route("POST /alerts/{id}/resolve", "csm", "/alerts/no-such-alert/resolve");
        route("GET /alerts/inbox", "csm", "/alerts/inbox");
        route("GET /alerts/outcomes", "csm", "/alerts/outcomes");
        route("POST /alerts/ack", "csm", "/alerts/ack");
        route("POST /alerts/{id}/snooze", "csm", "/alerts/no-such-alert/snooze");
        route("POST /alerts/{id}/assign", "csm", "/alerts/no-such-alert/assign");
        route("GET /accounts/{id}/timeline", "csm", "/accounts/acct-sec/timeline");
        route("POST /accounts/{id}/notes", "csm", "/accounts/acct-sec/notes");
        route("GET /deliveries", "operator", "/deliveries?status=dead");
        route("GET /deliveries/{id}/attempts", "operator", "/deliveries/1/attempts");
        route("POST /deliveries/{id}/replay", "operator", "/deliveries/999999/replay");
        route("GET /erasures", "operator", "/erasures");
        route("GET /reports/noise", "operator", "/reports/noise");
        route("GET /reports/backtest", "operator", "/reports/backtest");
        route("PUT /reports/backtest", "operator", "/reports/backtest");
        route("POST /erasures", "operator", "/erasures");
        console("GET /console", "303", "/console/");
        console("GET /console/portfolio.csv", "303", "/console/portfolio.csv");
        console("GET /console/accounts/{id}", "303", "/console/accounts/acct-sec");
        console("POST /console/alerts/{id}/ack", "403", "/console/alerts/no-such-alert/ack");
        console("POST /console/accounts/{id}/notes", "403", "/console/accounts/acct-sec/notes");
        console("GET /console/inbox", "303", "/console/inbox");
        console("GET /console/team", "303", "/console/team");
        console("GET /console/settings", "303", "/console/settings");
        console("GET /console/evidence", "303", "/console/evidence");
        console("POST /console/settings", "403", "/console/settings");
        console("POST /console/inbox/ack", "403", "/console/inbox/ack");
        console("POST /console/inbox/alerts/{id}/ack", "403", "/console/inbox/alerts/no-such-alert/ack");
        console("POST /console/inbox/alerts/{id}/snooze", "403", "/console/inbox/alerts/no-such-alert/snooze");
        console("POST /console/inbox/alerts/{id}/assign", "403", "/console/inbox/alerts/no-such-alert/assign");
        console("POST /console/inbox/alerts/{id}/resolve", "403", "/console/inbox/alerts/no-such-alert/resolve");
        console("POST /console/logout", "403", "/console/logout");
        console("POST /console/login", "403", "/console/login");
        console("GET /console/login", "200", "/console/login");
        console("GET /console/static/console.css", "200", "/console/static/console.css");
        console("GET /console/static/live.js", "200", "/console/static/live.js");
        // The live channel answers 401, not a redirect: an EventSource cannot follow one to a sign-in form.
        console("GET /console/live", "401", "/console/live");
        // Single sign-on is not configured in this test: its routes say so and sign nobody in.
        console("GET /console/oidc/start", "404", "/console/oidc/start");
        console("GET /console/oidc/callback", "400", "/console/oidc/callback?state=x&code=y");
    }

    private static void console(String route, String status, String path) {
        CONSOLE_ROUTES.put(route, status);
        CONSOLE_PATH_OF.put(route, path);
        if (route.startsWith("GET ")) {
            CONSOLE_ROUTES.put("HEAD " + route.substring(4), status);
            CONSOLE_PATH_OF.put("HEAD " + route.substring(4), path);
        }
    }

    private static AlertServiceFixture service;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "security_it", Map.of());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** A route, and for a GET route its HEAD twin, which Micronaut serves alike and the guard treats alike. */
    private static void route(String route, String role, String path) {
        ROLE_OF.put(route, role);
        PATH_OF.put(route, path);
        if (route.startsWith("GET ")) {
            ROLE_OF.put("HEAD " + route.substring(4), role);
            PATH_OF.put("HEAD " + route.substring(4), path);
        }
    }

    @Test
    void everyRouteOfTheServiceIsKnownToThisTest() {
        Set<String> routes = service.context().getBean(Router.class).uriRoutes()
                .map(r -> r.getHttpMethod() + " " + r.getUriMatchTemplate().toPathString())
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> known = new TreeSet<>(ROLE_OF.keySet());
        known.addAll(OPEN_ROUTES);
        known.addAll(CONSOLE_ROUTES.keySet());
        assertThat(routes).as("routes of the service; list a new one in this test with the role it needs")
                .containsExactlyInAnyOrderElementsOf(known);
    }

    @Test
    void everyProtectedRouteRefusesMissingAndWrongTokensWith401() {
        Map<String, String> wrong = new LinkedHashMap<>();
        wrong.put("no token", null);
        wrong.put("an unknown token", "Bearer guess");
        wrong.put("an empty token", "Bearer ");
        wrong.put("the CSM token as Basic credentials", "Basic " + java.util.Base64.getEncoder()
                .encodeToString(("csm:" + AlertServiceFixture.CSM_TOKEN).getBytes(StandardCharsets.UTF_8)));
        wrong.put("the CSM token with a suffix", "Bearer " + AlertServiceFixture.CSM_TOKEN + "x");
        wrong.put("the CSM token without scheme", AlertServiceFixture.CSM_TOKEN);

        PATH_OF.forEach((route, path) -> wrong.forEach((what, authorization) -> {
            String answer = send(method(route), path, authorization);

            assertThat(answer).as(route + " with " + what).startsWith("HTTP/1.1 401 ")
                    .containsIgnoringCase("WWW-Authenticate: Bearer")
                    .containsIgnoringCase("Content-Type: application/problem+json")
                    .doesNotContain(AlertServiceFixture.CSM_TOKEN, "guess");
        }));
    }

    @Test
    void aTokenReachesExactlyTheRoutesOfItsRoles() {
        Map<String, Set<String>> rolesOf = Map.of(
                AlertServiceFixture.CSM_TOKEN, Set.of("csm"),
                AlertServiceFixture.OPS_TOKEN, Set.of("csm", "operator"),
                AlertServiceFixture.READONLY_TOKEN, Set.of("viewer"));

        rolesOf.forEach((token, roles) -> PATH_OF.forEach((route, path) -> {
            String answer = send(method(route), path, "Bearer " + token);

            if (roles.contains(ROLE_OF.get(route))) {
                assertThat(answer).as(route + " with roles " + roles).doesNotStartWith("HTTP/1.1 401")
                        .doesNotStartWith("HTTP/1.1 403").doesNotStartWith("HTTP/1.1 5");
            } else {
                assertThat(answer).as(route + " with roles " + roles).startsWith("HTTP/1.1 403 ");
            }
        }));
    }

    @Test
    void noSpellingOfAPathLetsATokenOrNoTokenPastTheGuard() {
        List<String> operatorPaths = List.of("/deliveries/", "//deliveries", "/./deliveries", "/alerts/../deliveries",
                "/%64eliveries", "/DELIVERIES", "/deliveries;x=1", "/deliveries%2F1%2Fattempts", "/health/../deliveries",
                "/prometheus/../deliveries?status=dead", "/accounts/../deliveries", "/deliveries/1/attempts/",
                "/erasures/", "//erasures", "/./erasures", "/ERASURES", "/erasures;x=1", "/alerts/../erasures",
                "/%65rasures", "/reports/backtest/", "//reports/backtest", "/./reports/backtest", "/REPORTS/backtest",
                "/reports/backtest;x=1", "/alerts/../reports/backtest", "/%72eports/backtest", "/reports%2Fbacktest");
        for (String path : operatorPaths) {
            assertThat(send("GET", path, "Bearer " + AlertServiceFixture.CSM_TOKEN)).as("CSM token on " + path)
                    .doesNotStartWith("HTTP/1.1 2").doesNotContain("\"channel\"");
            if (path.contains("eports")) {
                assertThat(send("PUT", path, "Bearer " + AlertServiceFixture.CSM_TOKEN)).as("PUT, CSM token on " + path)
                        .doesNotStartWith("HTTP/1.1 2").doesNotStartWith("HTTP/1.1 5");
            }
        }
        List<String> csmPaths = List.of("/health/../alerts", "/health/%2e%2e/alerts", "/health;/../alerts",
                "/prometheus/../alerts", "/health/readiness/../../accounts/a/timeline", "//alerts", "/alerts/",
                "/./alerts", "/ALERTS");
        for (String path : csmPaths) {
            assertThat(send("GET", path, null)).as("no token on " + path).doesNotStartWith("HTTP/1.1 2");
        }
    }

    @Test
    void consoleRoutesAnswerOnlyToASessionNeverToABearerToken() {
        for (String token : new String[] {null, "Bearer " + AlertServiceFixture.CSM_TOKEN,
                "Bearer " + AlertServiceFixture.OPS_TOKEN}) {
            CONSOLE_PATH_OF.forEach((route, path) -> {
                String answer = send(method(route), path, token);

                assertThat(answer).as(route + " with " + (token == null ? "no token" : "a token"))
                        .startsWith("HTTP/1.1 " + CONSOLE_ROUTES.get(route) + " ");
                if (CONSOLE_ROUTES.get(route).equals("303")) {
                    assertThat(answer).containsIgnoringCase("Location: /console/login");
                }
            });
        }
    }

    @Test
    void noSpellingOfAConsolePathLetsARequestPastTheApiGuard() {
        List<String> paths = List.of("/console/../deliveries", "/console/..%2Fdeliveries", "/console/%2e%2e/alerts",
                "/console/../alerts", "/console/login/../../alerts", "/console;/../erasures", "/console/static/../../alerts",
                "/console/accounts/../../accounts/acct-sec/timeline");
        for (String path : paths) {
            assertThat(send("GET", path, null)).as("no token on " + path).doesNotStartWith("HTTP/1.1 2")
                    .doesNotContain("\"alertId\"", "\"entries\"");
            assertThat(send("GET", path, "Bearer " + AlertServiceFixture.CSM_TOKEN)).as("CSM token on " + path)
                    .doesNotContain("\"channel\"", "\"erasedAt\"");
        }
    }

    @Test
    void requestsNoRouteServesAreCountedAsUnroutedWithTheirStatusAndToken() {
        send("GET", "/no-such-route", null);
        send("GET", "/no-such-route?token=secret-marker", "Bearer " + AlertServiceFixture.CSM_TOKEN);
        send("OPTIONS", "/alerts", null);

        String metrics = send("GET", "/prometheus", null);

        assertThat(metrics).containsPattern("alert_http_requests_total\\{route=\"unrouted\",source=\"unknown\",status=\"401\"} [1-9]")
                .containsPattern("alert_http_requests_total\\{route=\"unrouted\",source=\"csm\",status=\"404\"} [1-9]")
                .doesNotContain("no-such-route", "secret-marker");
    }

    @Test
    void healthAndMetricsAreOpenAndRevealNoSecret() {
        for (String path : List.of("/health", "/health/readiness", "/health/liveness", "/prometheus")) {
            String answer = send("GET", path, null);

            assertThat(answer).as(path).startsWith("HTTP/1.1 200 ").doesNotContain(AlertServiceFixture.CSM_TOKEN,
                    AlertServiceFixture.OPS_TOKEN, AlertServiceFixture.WEBHOOK_SECRET, service.receiver.url("/crm"));
        }
        for (String path : List.of("/routes", "/beans", "/info", "/threaddump", "/metrics", "/env", "/loggers")) {
            assertThat(send("GET", path, "Bearer " + AlertServiceFixture.OPS_TOKEN)).as(path)
                    .startsWith("HTTP/1.1 404 ");
        }
        assertThat(send("POST", "/refresh", "Bearer " + AlertServiceFixture.OPS_TOKEN)).startsWith("HTTP/1.1 404 ");
    }

    @Test
    void theServiceListensOnLoopbackOnlyByDefault() throws IOException {
        // The fixture sets no host: this is the shipped application.yml's micronaut.server.host.
        EmbeddedServer server = service.context().getBean(EmbeddedServer.class);

        assertThat(server.getHost()).isEqualTo("127.0.0.1");
        assertThat(listeningAddresses(server.getPort())).isNotEmpty().allMatch(ApiSecurityIT::loopback);
    }

    /** 127.0.0.1 as /proc/net/tcp writes it, or as an IPv4-mapped or the IPv6 loopback address in tcp6. */
    static boolean loopback(String hex) {
        return hex.equals("0100007F") || hex.equals("0000000000000000FFFF00000100007F")
                || hex.equals("00000000000000000000000001000000");
    }

    /** Local addresses (hex, as the kernel lists them) of sockets listening on the port, from /proc/net/tcp*. */
    static List<String> listeningAddresses(int port) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")),
                "needs /proc/net/tcp (Linux)");
        String hexPort = String.format(":%04X", port);
        List<String> addresses = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                // f[1] = local address:port, f[3] = state (0A = LISTEN)
                if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                    addresses.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        return addresses;
    }

    private static String method(String route) {
        return route.substring(0, route.indexOf(' '));
    }

    private static String send(String method, String path, String authorization) {
        EmbeddedServer server = service.context().getBean(EmbeddedServer.class);
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (authorization != null) {
            request.append("Authorization: ").append(authorization).append("\r\n");
        }
        request.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
