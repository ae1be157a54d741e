package io.healthscore.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.UsageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every released version of every topic schema (src/test/resources/released/vN) must stay readable by the
 * current generated classes: consumers are upgraded while the topics still hold data written with the
 * released schemas, and the registry enforces BACKWARD on every subject.
 */
class ReleasedSchemaCompatibilityTest {

    private static final List<String> COMMON_TYPES_IN_DEPENDENCY_ORDER =
            List.of("HealthLevel", "CoverageModel", "ScoreComponent", "ComponentScore");
    private static final Map<String, Schema> CURRENT = Map.of(
            "UsageEvent", UsageEvent.getClassSchema(),
            "AccountProfile", AccountProfile.getClassSchema(),
            "AccountSignal", AccountSignal.getClassSchema(),
            "HealthScore", HealthScore.getClassSchema(),
            "LevelTransition", LevelTransition.getClassSchema(),
            "ChurnRiskAlert", ChurnRiskAlert.getClassSchema(),
            "ExpansionOpportunity", ExpansionOpportunity.getClassSchema());
    /**
     * Topic schemas added since the last release: no data written with an earlier schema of theirs exists yet. The
     * release that ships one copies it into its vN/ and removes it from here (the test below insists).
     */
    private static final Set<String> NOT_YET_RELEASED = Set.of("ExpansionOpportunity");

    static Stream<Arguments> releasedSchemas() {
        return releasedVersions().stream().flatMap(version -> {
            Map<String, Schema> released = loadRelease(version);
            return released.keySet().stream().sorted()
                    .map(name -> arguments(name, version, CURRENT.get(name), released.get(name)));
        });
    }

    @ParameterizedTest(name = "{0} reads data written with released {1}")
    @MethodSource("releasedSchemas")
    void theCurrentSchemaReadsDataWrittenWithTheReleasedOne(String name, String version, Schema current,
                                                            Schema released) {
        // Given
        assertThat(released).as("released/%s/%s.avsc", version, name).isNotNull();

        // When
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released);

        // Then
        assertThat(result.getType())
                .withFailMessage(() -> "io.healthscore.avro." + name + " can no longer read records written with "
                        + "released/" + version + "/" + name + ".avsc, so consumers would fail on data already on "
                        + "the topic and the registry (BACKWARD) would refuse the schema: " + describe(result)
                        + ". Give every new field a default, never change a field's type incompatibly, and keep "
                        + "removed enum symbols or add an enum default.")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "every field {0} gained since released {1} has a default")
    @MethodSource("releasedSchemas")
    void everyFieldAddedSinceTheReleaseHasADefault(String name, String version, Schema current, Schema released) {
        // When
        List<String> withoutDefault = FieldsAddedWithoutDefault.find(current, released);

        // Then
        assertThat(withoutDefault)
                .withFailMessage(() -> "Fields added to " + name + " since released/" + version + " have no default: "
                        + withoutDefault + ". Add a \"default\" to each in src/main/avro (null first in a union "
                        + "[\"null\", ...] with \"default\": null), so records written before they existed stay "
                        + "readable.")
                .isEmpty();
    }

    @Test
    void theAddedFieldCheckFindsAFieldAddedWithoutDefault() {
        // Given
        Schema withRequiredField = parseResource("/evolution/UsageEvent-new-required-field.avsc");

        // When
        List<String> found = FieldsAddedWithoutDefault.find(withRequiredField, UsageEvent.getClassSchema());

        // Then
        assertThat(found).containsExactly("io.healthscore.avro.UsageEvent.tenantRegion");
    }

    @Test
    void theAddedFieldCheckAcceptsFieldsAddedWithDefaults() {
        // Given
        Schema v0 = parseResource("/evolution/UsageEvent-v0.avsc");

        // When
        List<String> found = FieldsAddedWithoutDefault.find(UsageEvent.getClassSchema(), v0);

        // Then
        assertThat(found).isEmpty();
    }

    @Test
    void everyReleasedVersionCoversEveryTopicSchema() {
        // When
        List<String> versions = releasedVersions();

        // Then
        assertThat(versions).isNotEmpty();
        versions.forEach(version -> assertThat(loadRelease(version)).containsKeys(
                CURRENT.keySet().stream().filter(name -> !NOT_YET_RELEASED.contains(name)).toArray(String[]::new)));
    }

    @Test
    void aSchemaListedAsNotYetReleasedIsInNoRelease() {
        // When
        List<String> versions = releasedVersions();

        // Then
        versions.forEach(version -> assertThat(loadRelease(version).keySet())
                .withFailMessage(() -> "released/" + version + " ships " + NOT_YET_RELEASED + "; remove it from "
                        + "NOT_YET_RELEASED so that it is checked against that release")
                .doesNotContainAnyElementsOf(NOT_YET_RELEASED));
    }

    private static List<String> releasedVersions() {
        try (Stream<Path> dirs = Files.list(resourcePath("/released"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("v\\d+")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a release's files in one parser, shared types first, as the avro-maven-plugin does: every current topic
     * schema the release has a file of.
     */
    private static Map<String, Schema> loadRelease(String version) {
        Schema.Parser parser = new Schema.Parser();
        for (String common : COMMON_TYPES_IN_DEPENDENCY_ORDER) {
            parse(parser, "/released/" + version + "/common/" + common + ".avsc");
        }
        return CURRENT.keySet().stream()
                .filter(name -> ReleasedSchemaCompatibilityTest.class.getResource(
                        "/released/" + version + "/" + name + ".avsc") != null)
                .collect(Collectors.toMap(name -> name,
                        name -> parse(parser, "/released/" + version + "/" + name + ".avsc")));
    }

    private static Schema parseResource(String resource) {
        return parse(new Schema.Parser(), resource);
    }

    private static Schema parse(Schema.Parser parser, String resource) {
        try (InputStream in = ReleasedSchemaCompatibilityTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + resource);
            }
            return parser.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resourcePath(String resource) {
        try {
            return Path.of(ReleasedSchemaCompatibilityTest.class.getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(SchemaCompatibility.SchemaPairCompatibility result) {
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .collect(Collectors.joining("; "));
    }
}
