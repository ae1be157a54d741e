package io.healthscore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.avro.UsageEvent;
import io.healthscore.schemas.registry.FakeSchemaRegistry.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {

    private static final Schema THING_V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "Thing", "namespace": "test", "fields": [{"name": "a", "type": "string"}]}""");
    private static final Schema THING_V2_WITH_DEFAULT = new Schema.Parser().parse("""
            {"type": "record", "name": "Thing", "namespace": "test", "fields": [
              {"name": "a", "type": "string"}, {"name": "b", "type": "int", "default": 0}]}""");
    private static final Schema THING_V2_WITHOUT_DEFAULT = new Schema.Parser().parse("""
            {"type": "record", "name": "Thing", "namespace": "test", "fields": [
              {"name": "a", "type": "string"}, {"name": "b", "type": "int"}]}""");
    private static final String SUBJECT = "usage-events-value";

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    @Test
    void registersASchemaWithTheConfluentRequestShape() throws IOException {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        HttpSchemaRegistryClient client = client(registry.url(), 0);

        // When
        int id = client.register(SUBJECT, UsageEvent.getClassSchema());

        // Then
        assertThat(id).isEqualTo(1);
        RecordedRequest request = registry.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/subjects/usage-events-value/versions");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.accept()).startsWith("application/vnd.schemaregistry.v1+json");
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.size()).as("only the schema, as Confluent's serializer sends for AVRO").isEqualTo(1);
        assertThat(body.get("schema").textValue()).isEqualTo(UsageEvent.getClassSchema().toString());
    }

    @Test
    void theSameSchemaGetsTheSameIdEvenFromAnotherClient() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        int first = client(registry.url(), 0).register(SUBJECT, THING_V1);

        // When
        int again = client(registry.url(), 0).register(SUBJECT, THING_V1);
        int underAnotherSubject = client(registry.url(), 0).register("other-value", THING_V1);

        // Then
        assertThat(again).isEqualTo(first);
        assertThat(underAnotherSubject).isEqualTo(first);
    }

    @Test
    void looksUpTheIdOfARegisteredSchema() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        int id = registry.backend().register(SUBJECT, THING_V1);

        // When
        int found = client(registry.url(), 0).lookupId(SUBJECT, THING_V1);

        // Then
        assertThat(found).isEqualTo(id);
        assertThat(registry.requests().get(0).rawPath()).isEqualTo("/subjects/usage-events-value");
    }

    @Test
    void lookingUpUnderAnUnknownSubjectThrowsSubjectNotFound() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        HttpSchemaRegistryClient client = client(registry.url(), 3);

        // When
        SubjectNotFoundException e = catchThrowableOfType(SubjectNotFoundException.class,
                () -> client.lookupId(SUBJECT, THING_V1));

        // Then
        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(40401);
        assertThat(e).hasMessageStartingWith("Schema registry " + registry.url()
                + " has no subject 'usage-events-value' (HTTP 404, error code 40401)");
        assertThat(registry.requestCount()).as("a 404 is never retried").isEqualTo(1);
    }

    @Test
    void lookingUpASchemaTheSubjectDoesNotHaveThrowsSchemaNotFound() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        registry.backend().register(SUBJECT, THING_V1);

        // When / Then
        assertThatThrownBy(() -> client(registry.url(), 0).lookupId(SUBJECT, THING_V2_WITH_DEFAULT))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining(registry.url())
                .hasMessageContaining("subject 'usage-events-value'")
                .hasMessageContaining("error code 40403");
    }

    @Test
    void fetchesASchemaById() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        int id = registry.backend().register(SUBJECT, UsageEvent.getClassSchema());

        // When
        Schema schema = client(registry.url(), 0).schemaById(id);

        // Then
        assertThat(schema).isEqualTo(UsageEvent.getClassSchema());
        assertThat(registry.requests().get(0).rawPath()).isEqualTo("/schemas/ids/" + id);
    }

    @Test
    void fetchingAnUnknownIdThrowsSchemaNotFoundNamingTheId() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());

        // When / Then
        assertThatThrownBy(() -> client(registry.url(), 0).schemaById(77))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageStartingWith("Schema registry " + registry.url() + " has no schema with id 77 (HTTP 404, "
                        + "error code 40403)");
    }

    @Test
    void anIncompatibleSchemaIsRefusedWithTheRegistrysReason() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        registry.backend().register(SUBJECT, THING_V1);

        // When
        IncompatibleSchemaException e = catchThrowableOfType(IncompatibleSchemaException.class,
                () -> client(registry.url(), 0).register(SUBJECT, THING_V2_WITHOUT_DEFAULT));

        // Then
        assertThat(e.httpStatus()).isEqualTo(409);
        assertThat(e).hasMessage("Schema registry " + registry.url() + " rejected schema for subject "
                + "'usage-events-value' as incompatible (HTTP 409): Schema being registered is incompatible with an "
                + "earlier schema");
    }

    @Test
    void aSchemaTheRegistryCannotAcceptIsRefusedAsInvalid() {
        // Given a schema whose default does not match its type, which this JVM parsed leniently
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        Schema badDefault = new Schema.Parser().setValidateDefaults(false).parse("""
                {"type": "record", "name": "Thing", "fields": [{"name": "n", "type": "int", "default": "many"}]}""");

        // When
        InvalidSchemaException e = catchThrowableOfType(InvalidSchemaException.class,
                () -> client(registry.url(), 3).register(SUBJECT, badDefault));

        // Then
        assertThat(e.httpStatus()).isEqualTo(422);
        assertThat(e.errorCode()).isEqualTo(42201);
        assertThat(e).hasMessageContaining("rejected schema for subject 'usage-events-value' as invalid");
        assertThat(registry.requestCount()).isEqualTo(1);
    }

    @Test
    void sendsBasicAuthCredentials() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.startRequiringBasicAuth("svc:s3cr3t"));
        HttpSchemaRegistryClient client = client(config(registry.url(), 0, Optional.of("svc:s3cr3t")));

        // When
        client.register(SUBJECT, THING_V1);

        // Then
        assertThat(registry.requests().get(0).authorization()).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("svc:s3cr3t".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusedCredentialsThrowAnAuthenticationErrorWithoutRetryingOrRevealingThem() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.startRequiringBasicAuth("svc:right"));
        SchemaRegistryConfig config = config(registry.url(), 3, Optional.of("svc:wr0ngpass"));
        HttpSchemaRegistryClient client = client(config);

        // When
        RegistryAuthenticationException e = catchThrowableOfType(RegistryAuthenticationException.class,
                () -> client.register(SUBJECT, THING_V1));

        // Then
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e).hasMessageContaining(registry.url()).hasMessageContaining("subject 'usage-events-value'")
                .hasMessageNotContaining("wr0ngpass").hasMessageNotContaining("svc:");
        assertThat(config.toString()).doesNotContain("wr0ngpass");
        assertThat(registry.requestCount()).isEqualTo(1);
    }

    @Test
    void credentialsInTheUrlAreSentButNeverShown() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.startRequiringBasicAuth("svc:p@ss"));
        String urlWithCredentials = registry.url().replace("http://", "http://svc:p%40ss@");
        HttpSchemaRegistryClient client = client(SchemaRegistryConfig.of(urlWithCredentials));

        // When
        client.register(SUBJECT, THING_V1);
        SchemaNotFoundException e = catchThrowableOfType(SchemaNotFoundException.class, () -> client.schemaById(99));

        // Then
        assertThat(registry.requests().get(0).authorization()).isNotNull();
        assertThat(e).hasMessageContaining(registry.url()).hasMessageNotContaining("p%40ss")
                .hasMessageNotContaining("p@ss");
    }

    @Test
    void retriesAServerErrorAndSucceeds() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        registry.failNext(2, 500);

        // When
        int id = client(registry.url(), 3).register(SUBJECT, THING_V1);

        // Then
        assertThat(id).isEqualTo(1);
        assertThat(registry.requestCount()).isEqualTo(3);
    }

    @Test
    void retriesTooManyRequests() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        registry.failNext(1, 429);

        // When
        List<String> subjects = client(registry.url(), 1).subjects();

        // Then
        assertThat(subjects).isEmpty();
        assertThat(registry.requestCount()).isEqualTo(2);
    }

    @Test
    void givesUpAfterMaxRetriesPlusOneAttemptsOfServerErrors() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        registry.failAlways(503);

        // When
        RegistryUnavailableException e = catchThrowableOfType(RegistryUnavailableException.class,
                () -> client(registry.url(), 2).register(SUBJECT, THING_V1));

        // Then
        assertThat(registry.requestCount()).isEqualTo(3);
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.errorCode()).isEqualTo(50301);
        assertThat(e).hasMessageContaining(registry.url()).hasMessageContaining("subject 'usage-events-value'")
                .hasMessageContaining("after 3 attempts").hasMessageContaining("HTTP 503: Scripted failure");
    }

    @Test
    void clientErrorsAreNeverRetried() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());

        // When
        assertThatThrownBy(() -> client(registry.url(), 5).versions("missing-value"))
                .isInstanceOf(SubjectNotFoundException.class);

        // Then
        assertThat(registry.requestCount()).isEqualTo(1);
    }

    @Test
    void anUnreachableRegistryIsReportedUnavailableNamingItsUrl() throws IOException {
        // Given
        String deadUrl = "http://127.0.0.1:" + freePort();
        HttpSchemaRegistryClient client = client(deadUrl, 1);

        // When
        RegistryUnavailableException e = catchThrowableOfType(RegistryUnavailableException.class,
                () -> client.schemaById(5));

        // Then
        assertThat(e.httpStatus()).isEqualTo(-1);
        assertThat(e).hasMessageContaining(deadUrl).hasMessageContaining("schema id 5")
                .hasMessageContaining("after 2 attempts").hasMessageContaining("ConnectException");
    }

    @Test
    void failsOverToTheNextUrlWhenTheFirstCannotBeReached() throws IOException {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        String deadUrl = "http://127.0.0.1:" + freePort();
        HttpSchemaRegistryClient client = client(SchemaRegistryConfig.of(deadUrl + "," + registry.url()));

        // When
        int id = client.register(SUBJECT, THING_V1);
        List<String> subjects = client.subjects();

        // Then
        assertThat(id).isEqualTo(1);
        assertThat(subjects).containsExactly(SUBJECT);
        assertThat(registry.requestCount()).isEqualTo(2);
    }

    @Test
    void aRegistryThatDoesNotAnswerInTimeIsReportedUnavailable() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        registry.stall();
        HttpSchemaRegistryClient client = client(new SchemaRegistryConfig(List.of(registry.uri()), Optional.empty(),
                Optional.empty(), Duration.ofMillis(200), 0, Duration.ZERO, Duration.ZERO));

        // When / Then
        assertThatThrownBy(() -> client.subjects())
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("HttpTimeoutException");
    }

    @Test
    void aSecondRegistrationOfTheSameSchemaIsServedFromTheCache() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        HttpSchemaRegistryClient client = client(registry.url(), 0);
        int id = client.register(SUBJECT, THING_V1);

        // When
        int again = client.register(SUBJECT, THING_V1);
        int lookedUp = client.lookupId(SUBJECT, THING_V1);
        Schema byId = client.schemaById(id);

        // Then
        assertThat(again).isEqualTo(id);
        assertThat(lookedUp).isEqualTo(id);
        assertThat(byId).isEqualTo(THING_V1);
        assertThat(registry.requestCount()).isEqualTo(1);
    }

    @Test
    void aFetchedSchemaIsServedFromTheCacheAfterwards() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        int id = registry.backend().register(SUBJECT, THING_V1);
        HttpSchemaRegistryClient client = client(registry.url(), 0);
        client.schemaById(id);

        // When
        Schema again = client.schemaById(id);

        // Then
        assertThat(again).isEqualTo(THING_V1);
        assertThat(registry.requestCount()).isEqualTo(1);
    }

    @Test
    void keepsThePathPrefixOfTheBaseUrl() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.startWithPrefix("/apis/ccompat/v7"));
        HttpSchemaRegistryClient client = client(registry.url() + "/", 0);

        // When
        int id = client.register(SUBJECT, THING_V1);

        // Then
        assertThat(client.schemaById(id)).isEqualTo(THING_V1);
        assertThat(registry.requests().get(0).rawPath()).isEqualTo("/apis/ccompat/v7/subjects/usage-events-value/versions");
    }

    @Test
    void aWrongPathPrefixIsReportedWithAHint() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.startWithPrefix("/apis/ccompat/v7"));
        String withoutPrefix = registry.url().replace("/apis/ccompat/v7", "");

        // When / Then
        assertThatThrownBy(() -> client(withoutPrefix, 0).schemaById(1))
                .isExactlyInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("path prefix");
    }

    @Test
    void percentEncodesSubjectsWithSpecialCharacters() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        String subject = "orders value/ü+?#%";

        // When
        client(registry.url(), 0).register(subject, THING_V1);

        // Then
        assertThat(registry.requests().get(0).rawPath())
                .isEqualTo("/subjects/orders%20value%2F%C3%BC%2B%3F%23%25/versions");
        assertThat(registry.backend().subjects()).containsExactly(subject);
    }

    @Test
    void everySchemaIsCompatibleWithASubjectThatHasNoVersions() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());

        // When
        boolean compatible = client(registry.url(), 0).isCompatible(SUBJECT, THING_V2_WITHOUT_DEFAULT);

        // Then
        assertThat(compatible).isTrue();
        assertThat(registry.requests().get(0).rawPath())
                .isEqualTo("/compatibility/subjects/usage-events-value/versions/latest");
    }

    @Test
    void reportsWhetherASchemaIsCompatibleWithTheLatestVersion() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        registry.backend().register(SUBJECT, THING_V1);
        HttpSchemaRegistryClient client = client(registry.url(), 0);

        // When / Then
        assertThat(client.isCompatible(SUBJECT, THING_V2_WITH_DEFAULT)).isTrue();
        assertThat(client.isCompatible(SUBJECT, THING_V2_WITHOUT_DEFAULT)).isFalse();
    }

    @Test
    void listsSubjectsAndTheirVersions() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        registry.backend().register(SUBJECT, THING_V1);
        registry.backend().register(SUBJECT, THING_V2_WITH_DEFAULT);
        registry.backend().register("account-profiles-value", THING_V1);
        HttpSchemaRegistryClient client = client(registry.url(), 0);

        // When / Then
        assertThat(client.subjects()).containsExactlyInAnyOrder(SUBJECT, "account-profiles-value");
        assertThat(client.versions(SUBJECT)).containsExactly(1, 2);
    }

    @Test
    void readsAndSetsTheGlobalCompatibilityLevel() throws IOException {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        HttpSchemaRegistryClient client = client(registry.url(), 0);

        // When
        String before = client.globalCompatibility();
        client.setGlobalCompatibility("FULL_TRANSITIVE");

        // Then
        assertThat(before).isEqualTo("BACKWARD");
        assertThat(client.globalCompatibility()).isEqualTo("FULL_TRANSITIVE");
        RecordedRequest put = registry.requests().get(1);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.rawPath()).isEqualTo("/config");
        assertThat(new ObjectMapper().readTree(put.body()).get("compatibility").textValue()).isEqualTo("FULL_TRANSITIVE");
    }

    @Test
    void aSubjectWithoutItsOwnLevelHasNoSubjectCompatibility() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        registry.backend().register(SUBJECT, THING_V1);

        // When
        Optional<String> level = client(registry.url(), 0).subjectCompatibility(SUBJECT);

        // Then
        assertThat(level).isEmpty();
    }

    @Test
    void setsAndReadsASubjectsCompatibilityLevel() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());
        HttpSchemaRegistryClient client = client(registry.url(), 0);

        // When
        client.setSubjectCompatibility("a b", "NONE");

        // Then
        assertThat(client.subjectCompatibility("a b")).contains("NONE");
        assertThat(registry.requests().get(0).rawPath()).isEqualTo("/config/a%20b");
    }

    @Test
    void anUnknownCompatibilityLevelIsRefusedByTheRegistry() {
        // Given
        FakeSchemaRegistry registry = registry(FakeSchemaRegistry.start());

        // When / Then
        assertThatThrownBy(() -> client(registry.url(), 0).setGlobalCompatibility("SIDEWAYS"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.errorCode()).isEqualTo(42203);
                })
                .hasMessageContaining(registry.url());
    }

    private FakeSchemaRegistry registry(FakeSchemaRegistry registry) {
        resources.add(registry);
        return registry;
    }

    private HttpSchemaRegistryClient client(String url, int maxRetries) {
        return client(config(url, maxRetries, Optional.empty()));
    }

    private HttpSchemaRegistryClient client(SchemaRegistryConfig config) {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config);
        resources.add(0, client);
        return client;
    }

    /** Back-off of a millisecond or two: the retries are real, the waiting is not what is tested. */
    private static SchemaRegistryConfig config(String url, int maxRetries, Optional<String> userInfo) {
        return new SchemaRegistryConfig(List.of(URI.create(url)), userInfo, Optional.empty(), Duration.ofSeconds(5),
                maxRetries, Duration.ofMillis(1), Duration.ofMillis(2));
    }

    /** A loopback port nothing listens on, so connecting is refused at once. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
