package io.healthscore.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * An in-process Confluent Schema Registry on 127.0.0.1 and a free port, for testing the HTTP client. It
 * answers the REST endpoints the way the real one does (status codes, error_code bodies, 40401 for a
 * compatibility check on a new subject, 40408 for a subject without its own level), keeps the schemas in an
 * {@link InMemorySchemaRegistryClient}, records every request, and can be told to fail, stall or demand
 * basic-auth credentials.
 */
public final class FakeSchemaRegistry implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String prefix;
    private final String requiredAuthorization;
    private final InMemorySchemaRegistryClient backend = new InMemorySchemaRegistryClient();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Queue<Integer> scriptedFailures = new ConcurrentLinkedQueue<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile int failAlwaysWith;
    private volatile boolean stalling;

    private FakeSchemaRegistry(HttpServer server, String prefix, String requiredAuthorization) {
        this.server = server;
        this.prefix = prefix;
        this.requiredAuthorization = requiredAuthorization;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static FakeSchemaRegistry start() {
        return start("", null);
    }

    public static FakeSchemaRegistry startWithPrefix(String prefix) {
        return start(prefix, null);
    }

    public static FakeSchemaRegistry startRequiringBasicAuth(String userInfo) {
        return start("", "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    public static FakeSchemaRegistry startHttps(SSLContext serverContext) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
            return new FakeSchemaRegistry(server, "", null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FakeSchemaRegistry start(String prefix, String requiredAuthorization) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            return new FakeSchemaRegistry(server, prefix, requiredAuthorization);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL to configure a client with, including the path prefix. */
    public String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + prefix;
    }

    public URI uri() {
        return URI.create(url());
    }

    /** The schemas held, to arrange state without going through HTTP. */
    public InMemorySchemaRegistryClient backend() {
        return backend;
    }

    /** The next {@code times} requests are answered with this status (5xx: error_code status*100+1, like 50001). */
    public void failNext(int times, int status) {
        for (int i = 0; i < times; i++) {
            scriptedFailures.add(status);
        }
    }

    public void failAlways(int status) {
        failAlwaysWith = status;
    }

    /** Requests are received but not answered until the registry is closed. */
    public void stall() {
        stalling = true;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Accept"), body));
            if (stalling) {
                released.await(30, TimeUnit.SECONDS);
                return;
            }
            Answer answer = answer(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), body,
                    exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer answer(String method, String rawPath, String body, String authorization) {
        if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
            return error(401, 40101, "Unauthorized");
        }
        Integer scripted = scriptedFailures.poll();
        if (scripted != null) {
            return error(scripted, scripted * 100 + 1, "Scripted failure");
        }
        if (failAlwaysWith != 0) {
            return error(failAlwaysWith, failAlwaysWith * 100 + 1, "Scripted failure");
        }
        if (!rawPath.startsWith(prefix + "/")) {
            // What a servlet container says for a path it does not serve: no registry JSON.
            return new Answer(404, "text/html", "<html><body>Not Found</body></html>");
        }
        List<String> path = Arrays.stream(rawPath.substring(prefix.length() + 1).split("/"))
                .map(FakeSchemaRegistry::decodeSegment).toList();
        try {
            return route(method, path, body);
        } catch (SubjectNotFoundException e) {
            return error(404, 40401, "Subject not found.");
        } catch (SchemaNotFoundException e) {
            return error(404, 40403, "Schema not found");
        } catch (IncompatibleSchemaException e) {
            return error(409, 409, "Schema being registered is incompatible with an earlier schema");
        } catch (SchemaRegistryException e) {
            return error(e.httpStatus(), e.errorCode(), "Invalid compatibility level");
        } catch (AvroRuntimeException | IllegalArgumentException e) {
            // SchemaParseException, or AvroTypeException for a default that does not match its type
            return error(422, 42201, "Invalid schema: " + e.getMessage());
        }
    }

    private Answer route(String method, List<String> path, String body) {
        if (matches(path, "subjects")) {
            return ok(backend.subjects());
        }
        if (matches(path, "subjects", "*", "versions")) {
            return method.equals("POST")
                    ? ok(Map.of("id", backend.register(path.get(1), parse(body))))
                    : ok(backend.versions(path.get(1)));
        }
        if (matches(path, "subjects", "*") && method.equals("POST")) {
            return lookup(path.get(1), parse(body));
        }
        if (matches(path, "schemas", "ids", "*")) {
            return ok(Map.of("schema", backend.schemaById(Integer.parseInt(path.get(2))).toString()));
        }
        if (matches(path, "compatibility", "subjects", "*", "versions", "latest")) {
            return backend.subjects().contains(path.get(2))
                    ? ok(Map.of("is_compatible", backend.isCompatible(path.get(2), parse(body))))
                    : error(404, 40401, "Subject '" + path.get(2) + "' not found.");
        }
        if (matches(path, "config") || matches(path, "config", "*")) {
            return config(method, path.size() == 2 ? path.get(1) : null, body);
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    private Answer config(String method, String subject, String body) {
        if (method.equals("PUT")) {
            String level = field(body, "compatibility");
            if (subject == null) {
                backend.setGlobalCompatibility(level);
            } else {
                backend.setSubjectCompatibility(subject, level);
            }
            return ok(Map.of("compatibility", level));
        }
        if (subject == null) {
            return ok(Map.of("compatibilityLevel", backend.globalCompatibility()));
        }
        return backend.subjectCompatibility(subject)
                .map(level -> ok(Map.of("compatibilityLevel", level)))
                .orElseGet(() -> error(404, 40408,
                        "Subject '" + subject + "' does not have subject-level compatibility configured"));
    }

    private static boolean matches(List<String> path, String... pattern) {
        if (path.size() != pattern.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    private Answer lookup(String subject, Schema schema) {
        int id = backend.lookupId(subject, schema);
        int version = backend.versions(subject).size();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("subject", subject);
        answer.put("version", version);
        answer.put("id", id);
        answer.put("schema", schema.toString());
        return ok(answer);
    }

    /** Parses the posted schema the way the registry does: strictly, defaults included. */
    private static Schema parse(String body) {
        return new Schema.Parser().parse(field(body, "schema"));
    }

    private static String field(String body, String name) {
        try {
            JsonNode node = JSON.readTree(body).get(name);
            if (node == null || !node.isTextual()) {
                throw new IllegalArgumentException("no '" + name + "' in the request body");
            }
            return node.textValue();
        } catch (IOException e) {
            throw new IllegalArgumentException("the request body is not JSON");
        }
    }

    private static String decodeSegment(String raw) {
        // A path keeps '+' literally; URLDecoder would read it as a space.
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Answer ok(Object body) {
        try {
            return new Answer(200, "application/vnd.schemaregistry.v1+json", JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer error(int status, int errorCode, String message) {
        try {
            return new Answer(status, "application/vnd.schemaregistry.v1+json",
                    JSON.writeValueAsString(Map.of("error_code", errorCode, "message", message)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record RecordedRequest(String method, String rawPath, String authorization, String contentType, String accept,
                           String body) {
    }

    private record Answer(int status, String contentType, String body) {
    }
}
