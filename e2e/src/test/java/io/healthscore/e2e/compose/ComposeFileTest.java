package io.healthscore.e2e.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.schemas.Topic;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.InMemorySchemaRegistryClient;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps docker-compose.yml honest without a Docker engine: it is parsed and compared with what the services
 * actually read (their application.yml, the scoring settings, the topic registry), so that a renamed key, a moved
 * port or a new topic breaks this test instead of the compose path.
 */
class ComposeFileTest {

    private static final String KAFKA = "kafka";
    private static final String REGISTRY = "schema-registry";
    private static final String POSTGRES = "postgres";
    private static final String MAILPIT = "mailpit";
    private static final String TOPIC_INIT = "kafka-init";
    private static final String REGISTRY_SCOPE = "compose-file-test";

    /** The three services, all Micronaut applications: compose service name = module directory. */
    private static final String SCORING = "scoring-streams";
    private static final List<String> APP_SERVICES = List.of("ingest-service", SCORING, "alert-service");
    private static final List<String> MICRONAUT_SERVICES = APP_SERVICES;
    private static final Map<String, String> MAIN_CLASSES = Map.of(
            "ingest-service", "io.healthscore.ingest.Application",
            SCORING, "io.healthscore.scoring.app.ScoringApplication",
            "alert-service", "io.healthscore.alert.Application");

    /** Micronaut's own start-up variables (extra configuration files, environments), not keys of application.yml. */
    private static final Set<String> MICRONAUT_BOOTSTRAP_VARIABLES = Set.of("MICRONAUT_CONFIG_FILES",
            "MICRONAUT_ENVIRONMENTS");
    /** An environment variable whose value is a secret: it must come from the caller's environment, never the file. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|SHA256|WRITE_KEY).*");
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{[A-Z0-9_]+:\\?[^}]*}");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?([-?])([^}]*))?}");
    /** {@code create <topic> <cleanup.policy> [compression.type]} lines of the topic init container's script. */
    private static final Pattern CREATE_TOPIC = Pattern.compile(
            "(?m)^\\s*create\\s+(\\S+)\\s+(\\S+)(?:\\s+(\\S+))?\\s*$");

    private static Path root;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        root = repositoryRoot();
        Map<String, Object> compose = yaml(root.resolve("docker-compose.yml"));
        services = new TreeMap<>();
        map(compose.get("services"), "services").forEach((name, spec) -> services.put(name, map(spec, name)));
    }

    @AfterAll
    static void dropRegistryScope() {
        InMemorySchemaRegistryClient.dropScope(REGISTRY_SCOPE);
    }

    @Test
    void composeRunsKafkaTheRegistryPostgresMailpitTheTopicInitAndTheThreeServices() {
        List<String> expected = new ArrayList<>(APP_SERVICES);
        expected.addAll(List.of(KAFKA, REGISTRY, POSTGRES, MAILPIT, TOPIC_INIT));
        assertThat(services.keySet())
                .as("docker-compose.yml services (this test and README.md name them; rename all together)")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(image(KAFKA)).as("image of " + KAFKA).startsWith("apache/kafka:");
        assertThat(image(TOPIC_INIT)).as(TOPIC_INIT + " uses the Kafka image for kafka-topics.sh").isEqualTo(image(KAFKA));
        assertThat(image(REGISTRY)).as("image of " + REGISTRY).startsWith("confluentinc/cp-schema-registry:");
        assertThat(image(POSTGRES)).as("image of " + POSTGRES).startsWith("postgres:");
        assertThat(image(MAILPIT)).as("image of " + MAILPIT).startsWith("axllent/mailpit:");
    }

    @Test
    void composeRunsTheKafkaVersionTheBuildUses() throws IOException {
        // The root pom's kafka.version: the clients', Streams' and the local stack broker's version.
        Matcher property = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>")
                .matcher(Files.readString(root.resolve("pom.xml")));
        assertThat(property.find()).as("kafka.version in the root pom.xml").isTrue();
        String buildKafka = property.group(1);

        assertThat(image(KAFKA)).as("image of " + KAFKA + ": the Kafka version of the build (root pom kafka.version)")
                .isEqualTo("apache/kafka:" + buildKafka);
    }

    @Test
    void eachServicePublishesThePortItsConfigurationListensOn() throws IOException {
        for (String service : APP_SERVICES) {
            int port = listenPort(service);
            assertThat(ports(service))
                    .as("%s listens on %d (its configuration or the override in its compose environment); publish "
                            + "exactly \"127.0.0.1:%d:%d\" in docker-compose.yml", service, port, port, port)
                    .containsExactly(new PortMapping("127.0.0.1", String.valueOf(port), String.valueOf(port)));
        }
    }

    @Test
    void eachServiceListensOnEveryInterfaceOfItsContainer() throws IOException {
        for (String service : MICRONAUT_SERVICES) {
            assertThat(environment(service).get("MICRONAUT_SERVER_HOST"))
                    .as("%s binds micronaut.server.host=%s by default, which no other container can reach; set "
                            + "MICRONAUT_SERVER_HOST: 0.0.0.0 in its compose environment", service,
                            applicationYml(service).get("micronaut.server.host"))
                    .isEqualTo("0.0.0.0");
        }
    }

    @Test
    void theTopicInitContainerCreatesEveryTopicAndItsDeadLetterTopic() {
        Set<String> expected = new TreeSet<>(expectedTopics().keySet());
        assertThat(createdTopics().keySet())
                .as("topics created by the '%s' script (lines 'create <topic> <cleanup.policy>'); expected "
                        + "TopicNames.defaults() and each with its dead-letter suffix", TOPIC_INIT)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void compactedTopicsAreCreatedCompactedAndAllOthersWithDelete() {
        Map<String, String> expected = new TreeMap<>();
        expectedTopics().forEach((name, compacted) -> expected.put(name, compacted ? "compact" : "delete"));
        Map<String, String> created = new TreeMap<>(createdTopics());
        created.keySet().retainAll(expected.keySet());
        expected.keySet().retainAll(created.keySet());
        assertThat(created)
                .as("cleanup.policy per topic in the '%s' script must follow Topic.compacted() of the Topics registry",
                        TOPIC_INIT)
                .isEqualTo(expected);
    }

    @Test
    void theOutputTopicsAndOnlyThemAreStoredWithTheCompressionEveryClientReads() {
        Topics topics = Topics.create(TopicNames.defaults(), InMemorySchemaRegistryClient.forScope(REGISTRY_SCOPE),
                false);
        Map<String, String> expected = new TreeMap<>();
        topics.outputs().forEach(t -> expected.put(t.name(), Topics.OUTPUT_COMPRESSION));
        Map<String, String> compressed = new TreeMap<>();
        Matcher m = CREATE_TOPIC.matcher(initScript());
        while (m.find()) {
            if (m.group(3) != null) {
                compressed.put(m.group(1), m.group(3));
            }
        }
        assertThat(compressed).as("compression.type per topic in the '%s' script must follow Topics.outputs()",
                TOPIC_INIT).isEqualTo(expected);
        assertThat(initScript()).contains("--config compression.type=$$3");
    }

    @Test
    void allInputTopicsGetTheSamePartitionCount() {
        String script = initScript();
        assertThat(script)
                .as("every topic must be created with the one partition count \"$$PARTITIONS\" (scoring-streams "
                        + "reads its inputs co-partitioned)")
                .contains("--partitions \"$$PARTITIONS\"")
                .contains("cleanup.policy=\"$$2\"")
                .contains("/opt/kafka/bin/kafka-topics.sh");
        assertThat(environment(TOPIC_INIT)).as("environment of " + TOPIC_INIT).containsKey("PARTITIONS");
    }

    @Test
    void everyEnvironmentVariableOfAMicronautServiceNamesAKeyInItsApplicationYml() throws IOException {
        for (String service : MICRONAUT_SERVICES) {
            ConfigKeys keys = ConfigKeys.of(applicationYmlPath(service));
            List<String> unknown = new ArrayList<>();
            for (String variable : environment(service).keySet()) {
                if (MICRONAUT_BOOTSTRAP_VARIABLES.contains(variable)
                        || SCORING.equals(service) && variable.startsWith("KAFKA_")) {
                    // Scoring hands every kafka.* setting to Kafka Streams (KAFKA_STATE_DIR = kafka.state.dir).
                    continue;
                }
                if (relaxedNames(variable).stream().noneMatch(keys::accepts)) {
                    unknown.add(variable + " (read as " + String.join(" / ", relaxedNames(variable)) + ")");
                }
            }
            assertThat(unknown)
                    .as("environment variables of %s in docker-compose.yml that name no key of %s/src/main/resources/"
                            + "application.yml; rename them after the key (Micronaut: lower case, '_' -> '.' or '-')",
                            service, service)
                    .isEmpty();
        }
    }

    @Test
    void noEnvironmentVariableNamesAnEntryWhoseNameMicronautWouldSplit() throws IOException {
        for (String service : MICRONAUT_SERVICES) {
            List<String> prefixes = eachPropertyPrefixes(service);
            List<String> split = new ArrayList<>();
            for (String variable : environment(service).keySet()) {
                String dotted = variable.toLowerCase(Locale.ROOT).replace('_', '.');
                for (String prefix : prefixes) {
                    for (String key : relaxedNames(variable)) {
                        if (key.startsWith(prefix + ".")) {
                            String entry = key.substring(prefix.length() + 1).split("\\.")[0];
                            if (entry.contains("-") && ConfigKeys.of(applicationYmlPath(service)).accepts(key)) {
                                split.add(variable + ": Micronaut also reads it as " + dotted + ", an entry '"
                                        + dotted.substring(prefix.length() + 1).split("\\.")[0] + "' of "
                                        + prefix + " without its settings, and fails at start-up");
                            }
                        }
                    }
                }
            }
            assertThat(split)
                    .as("environment variables of %s that set an @EachProperty entry whose name has a '-' (e.g. "
                            + "channels.slack.cs-alerts); rename the entry without '-', or set it in a file named by "
                            + "MICRONAUT_CONFIG_FILES", service)
                    .isEmpty();
        }
    }

    @Test
    void noServiceTakesItsSettingsThroughJavaToolOptions() {
        for (String service : APP_SERVICES) {
            assertThat(environment(service))
                    .as("%s: settings are environment variables named after application.yml keys; JAVA_TOOL_OPTIONS "
                            + "is printed by the JVM at start and leaks what it holds", service)
                    .doesNotContainKey("JAVA_TOOL_OPTIONS");
        }
    }

    @Test
    void servicesReachKafkaThroughTheKafkaServiceAndItsInternalListener() {
        String bootstrap = internalBootstrap();
        Map<String, String> used = new LinkedHashMap<>();
        MICRONAUT_SERVICES.forEach(s -> used.put(s, environment(s).get("KAFKA_BOOTSTRAP_SERVERS")));
        used.put(TOPIC_INIT, environment(TOPIC_INIT).get("BOOTSTRAP"));
        String registryStore = environment(REGISTRY).get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS");
        used.put(REGISTRY, registryStore == null ? null : registryStore.replaceFirst("^PLAINTEXT://", ""));
        used.forEach((service, value) -> assertThat(value)
                .as("Kafka bootstrap of %s: the '%s' service's listener advertised under its service name (%s)",
                        service, KAFKA, bootstrap)
                .isEqualTo(bootstrap));
    }

    @Test
    void theHostListenerOfKafkaIsAdvertisedOnTheAddressItIsPublishedOn() {
        Map<String, String> advertised = listeners("KAFKA_ADVERTISED_LISTENERS");
        List<String> hostSide = advertised.values().stream().filter(a -> !a.startsWith(KAFKA + ":")).toList();
        assertThat(hostSide).as("Kafka listeners advertised for clients on the host").hasSize(1);
        String[] hostAndPort = hostSide.get(0).split(":");
        assertThat(ports(KAFKA))
                .as("the host listener %s must be published as 127.0.0.1:%s:<its container port>", hostSide.get(0),
                        hostAndPort[1])
                .anySatisfy(p -> {
                    assertThat(p.hostIp()).isEqualTo(hostAndPort[0]);
                    assertThat(p.hostPort()).isEqualTo(hostAndPort[1]);
                });
    }

    @Test
    void servicesFindTheSchemaRegistryByItsServiceNameAndPort() {
        String listener = environment(REGISTRY).get("SCHEMA_REGISTRY_LISTENERS");
        assertThat(listener).as("SCHEMA_REGISTRY_LISTENERS of " + REGISTRY).matches("http://0\\.0\\.0\\.0:\\d+");
        String expected = "http://" + REGISTRY + ":" + listener.substring(listener.lastIndexOf(':') + 1);
        Map<String, String> used = new LinkedHashMap<>();
        MICRONAUT_SERVICES.forEach(s -> used.put(s, environment(s).get("SCHEMA_REGISTRY_URL")));
        used.forEach((service, url) -> assertThat(url)
                .as("schema registry URL of %s (Confluent's API is at the root, no /apis/ccompat/v7)", service)
                .isEqualTo(expected));
    }

    @Test
    void theAlertServiceUsesTheComposeDatabaseWithItsUserAndPassword() {
        Map<String, String> db = environment(POSTGRES);
        Map<String, String> alert = environment("alert-service");
        assertThat(alert.get("DATASOURCES_DEFAULT_URL"))
                .as("DATASOURCES_DEFAULT_URL of alert-service: the '%s' service, port 5432, database POSTGRES_DB",
                        POSTGRES)
                .isEqualTo("jdbc:postgresql://" + POSTGRES + ":5432/" + db.get("POSTGRES_DB"));
        assertThat(alert.get("DATASOURCES_DEFAULT_USERNAME")).as("DATASOURCES_DEFAULT_USERNAME = POSTGRES_USER")
                .isEqualTo(db.getOrDefault("POSTGRES_USER", "postgres"));
        assertThat(alert.get("DATASOURCES_DEFAULT_PASSWORD")).as("DATASOURCES_DEFAULT_PASSWORD = POSTGRES_PASSWORD")
                .isEqualTo(db.get("POSTGRES_PASSWORD"));
    }

    @Test
    void theAlertServiceSendsMailToMailpit() {
        Map<String, String> alert = environment("alert-service");
        assertThat(alert.get("MAIL_HOST")).as("MAIL_HOST of alert-service").isEqualTo(MAILPIT);
        assertThat(alert.get("MAIL_PORT")).as("MAIL_PORT of alert-service: Mailpit's SMTP port").isEqualTo("1025");
        assertThat(ports(MAILPIT)).as("Mailpit publishes its SMTP port and its web UI")
                .extracting(PortMapping::containerPort).contains("1025", "8025");
    }

    @Test
    void everyLongRunningContainerHasAHealthcheck() {
        for (String service : services.keySet()) {
            if (isOneShot(service)) {
                continue;
            }
            Object healthcheck = services.get(service).get("healthcheck");
            assertThat(healthcheck).as("healthcheck of %s: add one (test, interval, timeout, retries)", service)
                    .isInstanceOf(Map.class);
            Map<String, Object> check = map(healthcheck, service + ".healthcheck");
            assertThat(check.get("disable")).as("%s.healthcheck.disable", service).isNotEqualTo(Boolean.TRUE);
            assertThat(check.get("test")).as("%s.healthcheck.test", service).isNotNull();
            assertThat(String.valueOf(check.get("test"))).as("%s.healthcheck.test", service).doesNotContain("NONE");
        }
    }

    @Test
    void eachServiceHealthcheckProbesThePortTheServiceListensOn() throws IOException {
        for (String service : APP_SERVICES) {
            String test = String.valueOf(map(services.get(service).get("healthcheck"), service).get("test"));
            assertThat(test)
                    .as("healthcheck of %s must ask the port it listens on", service)
                    .contains("/dev/tcp/127.0.0.1/" + listenPort(service) + " ");
        }
        for (String service : MICRONAUT_SERVICES) {
            assertThat(String.valueOf(map(services.get(service).get("healthcheck"), service).get("test")))
                    .as("healthcheck of %s asks its health endpoint", service).contains("GET /health ");
        }
    }

    @Test
    void containersStartOnlyAfterWhatTheyNeedIsHealthyOrDone() {
        for (Map.Entry<String, Map<String, Object>> entry : services.entrySet()) {
            Object dependsOn = entry.getValue().get("depends_on");
            if (dependsOn == null) {
                continue;
            }
            assertThat(dependsOn).as("depends_on of %s: use the long form with a condition per dependency",
                    entry.getKey()).isInstanceOf(Map.class);
            map(dependsOn, entry.getKey()).forEach((dependency, spec) -> {
                String condition = String.valueOf(map(spec, entry.getKey() + ".depends_on." + dependency).get("condition"));
                String wanted = isOneShot(dependency) ? "service_completed_successfully" : "service_healthy";
                assertThat(condition).as("condition of %s on %s", entry.getKey(), dependency).isEqualTo(wanted);
            });
        }
        for (String service : APP_SERVICES) {
            assertThat(map(services.get(service).get("depends_on"), service))
                    .as("%s must wait for Kafka, the registry and the topics (Kafka Streams needs its source topics)",
                            service)
                    .containsKeys(KAFKA, REGISTRY, TOPIC_INIT);
        }
        assertThat(map(services.get("alert-service").get("depends_on"), "alert-service"))
                .as("alert-service needs its database and SMTP relay").containsKeys(POSTGRES, MAILPIT);
    }

    @Test
    void nothingIsPublishedOnAllInterfacesOfTheHost() {
        services.keySet().forEach(service -> ports(service).forEach(p -> assertThat(p.hostIp())
                .as("%s publishes %s: write \"127.0.0.1:<host port>:<container port>\" so it is reachable from this "
                        + "machine only", service, p)
                .isEqualTo("127.0.0.1")));
    }

    @Test
    void secretsComeFromTheEnvironmentAndAreNeverWrittenInTheFile() {
        services.forEach((service, spec) -> environment(service).forEach((name, value) -> {
            if (SECRET_NAME.matcher(name).matches()) {
                assertThat(value)
                        .as("%s of %s is a secret: write ${SOME_VARIABLE:?explain what to set} instead of a value",
                                name, service)
                        .matches(REQUIRED_VARIABLE);
            }
        }));
    }

    @Test
    void eachServiceIsBuiltFromTheDockerfileInItsModuleWithTheRepositoryAsContext() {
        for (String service : APP_SERVICES) {
            Map<String, Object> build = map(services.get(service).get("build"), service + ".build");
            assertThat(build.get("context")).as("%s.build.context: the repository root", service).isEqualTo(".");
            assertThat(build.get("dockerfile")).as("%s.build.dockerfile", service).isEqualTo(service + "/Dockerfile");
            assertThat(root.resolve(service).resolve("Dockerfile")).as("Dockerfile of " + service).isRegularFile();
        }
    }

    @Test
    void eachDockerfileBuildsItsModuleAndRunsAnExistingMainClassOnTheExposedPort() throws IOException {
        for (String service : APP_SERVICES) {
            String dockerfile = Files.readString(root.resolve(service).resolve("Dockerfile"), StandardCharsets.UTF_8);
            String main = MAIN_CLASSES.get(service);
            assertThat(dockerfile).as("%s/Dockerfile", service)
                    .contains("-pl " + service + " -am package")
                    .contains(service + "/target/classpath.txt")
                    .contains("\"" + main + "\"")
                    .containsPattern("(?m)^EXPOSE " + listenPort(service) + "$")
                    .containsPattern("(?m)^USER (?!root)\\S+$");
            assertThat(root.resolve(service).resolve("src/main/java")
                    .resolve(main.replace('.', '/') + ".java"))
                    .as("main class of %s/Dockerfile", service).isRegularFile();
        }
        assertThat(Files.readAllLines(root.resolve(".dockerignore"))).as(".dockerignore")
                .contains("**/target", "**/.healthscore*", ".git");
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Topic name to whether it is compacted, from the Topics registry under TopicNames.defaults(). */
    private static Map<String, Boolean> expectedTopics() {
        Topics topics = Topics.create(TopicNames.defaults(), InMemorySchemaRegistryClient.forScope(REGISTRY_SCOPE),
                false);
        Map<String, Boolean> expected = new LinkedHashMap<>();
        for (Topic<?, ?> topic : topics.all()) {
            expected.put(topic.name(), topic.compacted());
        }
        for (Topic<?, ?> topic : topics.deadLetterTopics()) {
            expected.put(topic.name(), topic.compacted());
        }
        return expected;
    }

    private static String initScript() {
        Object command = services.get(TOPIC_INIT).get("command");
        return command instanceof List<?> parts ? String.join("\n", parts.stream().map(String::valueOf).toList())
                : String.valueOf(command);
    }

    private static Map<String, String> createdTopics() {
        Map<String, String> created = new LinkedHashMap<>();
        Matcher m = CREATE_TOPIC.matcher(initScript());
        while (m.find()) {
            assertThat(created.put(m.group(1), m.group(2))).as("topic %s created twice", m.group(1)).isNull();
        }
        return created;
    }

    private static boolean isOneShot(String service) {
        return "no".equals(String.valueOf(services.get(service).get("restart")));
    }

    private static String image(String service) {
        return String.valueOf(services.get(service).get("image"));
    }

    /** The listener of the kafka service advertised under its own service name: what other containers use. */
    private static String internalBootstrap() {
        Map<String, String> advertised = listeners("KAFKA_ADVERTISED_LISTENERS");
        Map<String, String> bound = listeners("KAFKA_LISTENERS");
        List<String> internal = new ArrayList<>();
        advertised.forEach((name, address) -> {
            if (address.startsWith(KAFKA + ":")) {
                assertThat(bound).as("KAFKA_LISTENERS must bind the advertised listener " + name).containsKey(name);
                assertThat(bound.get(name).substring(bound.get(name).lastIndexOf(':')))
                        .as("port of listener " + name).isEqualTo(address.substring(address.lastIndexOf(':')));
                internal.add(address);
            }
        });
        assertThat(internal).as("exactly one Kafka listener advertised as %s:<port> for the other containers", KAFKA)
                .hasSize(1);
        return internal.get(0);
    }

    private static Map<String, String> listeners(String variable) {
        String value = environment(KAFKA).get(variable);
        assertThat(value).as(variable + " of the kafka service").isNotBlank();
        Map<String, String> listeners = new LinkedHashMap<>();
        for (String listener : value.split(",")) {
            int sep = listener.indexOf("://");
            listeners.put(listener.substring(0, sep).trim(), listener.substring(sep + 3).trim());
        }
        return listeners;
    }

    private static int listenPort(String service) throws IOException {
        String override = environment(service).get("MICRONAUT_SERVER_PORT");
        return Integer.parseInt(override != null ? override : applicationYml(service).get("micronaut.server.port"));
    }

    /** The compose environment of a service (map or list form), each ${VAR:-default} replaced by its default. */
    private static Map<String, String> environment(String service) {
        Object env = services.get(service).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : withDefaults(String.valueOf(v))));
        } else if (env instanceof List<?> list) {
            for (Object item : list) {
                String[] kv = String.valueOf(item).split("=", 2);
                result.put(kv[0], kv.length > 1 ? withDefaults(kv[1]) : null);
            }
        }
        return result;
    }

    /** ${VAR:-default} becomes default; ${VAR:?message} and ${VAR} stay as written (they have no value here). */
    private static String withDefaults(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = "-".equals(m.group(2)) ? m.group(3) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    record PortMapping(String hostIp, String hostPort, String containerPort) {
    }

    private static List<PortMapping> ports(String service) {
        Object ports = services.get(service).get("ports");
        List<PortMapping> result = new ArrayList<>();
        if (ports == null) {
            return result;
        }
        for (Object entry : (List<?>) ports) {
            if (entry instanceof Map<?, ?> m) {
                result.add(new PortMapping(m.get("host_ip") == null ? "" : String.valueOf(m.get("host_ip")),
                        String.valueOf(m.get("published")), String.valueOf(m.get("target"))));
            } else {
                String text = String.valueOf(entry).replaceFirst("/(tcp|udp)$", "");
                String[] parts = text.split(":");
                result.add(switch (parts.length) {
                    case 3 -> new PortMapping(parts[0], parts[1], parts[2]);
                    case 2 -> new PortMapping("", parts[0], parts[1]);
                    default -> new PortMapping("", "", parts[0]);
                });
            }
        }
        return result;
    }

    /**
     * The property names Micronaut derives from an environment variable: lower case, each '_' either '.' or '-'
     * (KAFKA_BOOTSTRAP_SERVERS gives kafka.bootstrap.servers, kafka.bootstrap-servers, ...).
     */
    static List<String> relaxedNames(String variable) {
        String[] parts = variable.toLowerCase(Locale.ROOT).split("_");
        List<String> names = new ArrayList<>(List.of(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            List<String> next = new ArrayList<>();
            for (String prefix : names) {
                next.add(prefix + "." + parts[i]);
                next.add(prefix + "-" + parts[i]);
            }
            names = next;
        }
        return names;
    }

    /**
     * The keys of an application.yml: its leaves, plus entries below the open maps it declares as {@code {}}
     * ({@code topics} takes the TopicNames keys; any other open map the per-entry keys its comments document as
     * {@code <map>.<name>.<key>}).
     */
    record ConfigKeys(Set<String> leaves, Map<String, Set<String>> openMaps) {

        static ConfigKeys of(Path applicationYml) throws IOException {
            Set<String> leaves = new TreeSet<>();
            Map<String, Set<String>> open = new TreeMap<>();
            flatten("", yaml(applicationYml), leaves, open);
            String text = Files.readString(applicationYml, StandardCharsets.UTF_8);
            open.forEach((prefix, entryKeys) -> {
                Matcher m = Pattern.compile(Pattern.quote(prefix) + "\\.<name>\\.([a-z0-9-]+)").matcher(text);
                while (m.find()) {
                    entryKeys.add(m.group(1));
                }
            });
            return new ConfigKeys(leaves, open);
        }

        boolean accepts(String key) {
            if (leaves.contains(key)) {
                return true;
            }
            if (openMaps.containsKey("topics") && key.startsWith("topics.")) {
                return Set.of(TopicNames.USAGE_EVENTS_KEY,
                        TopicNames.ACCOUNT_PROFILES_KEY, TopicNames.ACCOUNT_SIGNALS_KEY, TopicNames.HEALTH_SCORES_KEY,
                        TopicNames.HEALTH_SCORES_LATEST_KEY, TopicNames.LEVEL_TRANSITIONS_KEY,
                        TopicNames.CHURN_RISK_ALERTS_KEY, TopicNames.DLQ_SUFFIX_KEY).contains(key);
            }
            for (Map.Entry<String, Set<String>> open : openMaps.entrySet()) {
                String prefix = open.getKey() + ".";
                if (!open.getKey().equals("topics") && key.startsWith(prefix)) {
                    String rest = key.substring(prefix.length());
                    int dot = rest.indexOf('.');
                    if (dot > 0 && open.getValue().contains(rest.substring(dot + 1))) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static void flatten(String prefix, Map<String, Object> node, Set<String> leaves,
                                    Map<String, Set<String>> open) {
            node.forEach((key, value) -> {
                String path = prefix.isEmpty() ? key : prefix + "." + key;
                if (value instanceof Map<?, ?> child && child.isEmpty()) {
                    open.put(path, new LinkedHashSet<>());
                } else if (value instanceof Map<?, ?>) {
                    flatten(path, map(value, path), leaves, open);
                } else {
                    leaves.add(path);
                }
            });
        }
    }

    private static Path applicationYmlPath(String service) {
        return root.resolve(service).resolve("src/main/resources/application.yml");
    }

    /** The prefixes of the service's {@code @EachProperty} classes: maps whose entries are named by the user. */
    private static List<String> eachPropertyPrefixes(String service) throws IOException {
        List<String> prefixes = new ArrayList<>();
        Pattern each = Pattern.compile("@EachProperty\\(\"([^\"]+)\"");
        try (var files = Files.walk(root.resolve(service).resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = each.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    prefixes.add(m.group(1));
                }
            }
        }
        return prefixes;
    }

    /** Flattened scalar values of a service's application.yml (e.g. micronaut.server.port to "8090"). */
    private static Map<String, String> applicationYml(String service) throws IOException {
        Map<String, String> values = new TreeMap<>();
        flattenValues("", yaml(applicationYmlPath(service)), values);
        return values;
    }

    private static void flattenValues(String prefix, Map<String, Object> node, Map<String, String> values) {
        node.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?>) {
                flattenValues(path, map(value, path), values);
            } else {
                values.put(path, String.valueOf(value));
            }
        });
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        assertThat(file).as("file read by ComposeFileTest").isRegularFile();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return map(new Yaml().load(reader), file.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertThat(value).as(what + " must be a mapping").isInstanceOf(Map.class);
        Map<String, Object> result = new LinkedHashMap<>();
        ((Map<Object, Object>) value).forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    /** Surefire runs in e2e/; the root is the first directory upwards whose pom.xml lists the e2e module. */
    private static Path repositoryRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && Files.readString(pom, StandardCharsets.UTF_8).contains("<module>e2e</module>")) {
                return dir;
            }
        }
        throw new IllegalStateException("No pom.xml with <module>e2e</module> above " + Path.of("").toAbsolutePath());
    }
}
