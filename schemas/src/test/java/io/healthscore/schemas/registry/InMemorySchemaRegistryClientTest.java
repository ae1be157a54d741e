package io.healthscore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

    private static final Schema V1 = parse("""
            {"type": "record", "name": "Thing", "fields": [{"name": "a", "type": "string"}]}""");
    private static final Schema V2_ADDS_FIELD_WITH_DEFAULT = parse("""
            {"type": "record", "name": "Thing", "fields": [
              {"name": "a", "type": "string"}, {"name": "b", "type": "int", "default": 0}]}""");
    private static final Schema V2_ADDS_FIELD_WITHOUT_DEFAULT = parse("""
            {"type": "record", "name": "Thing", "fields": [
              {"name": "a", "type": "string"}, {"name": "b", "type": "int"}]}""");
    private static final Schema V2_DROPS_FIELD = parse("""
            {"type": "record", "name": "Thing", "fields": []}""");
    private static final Schema V1_WITH_OTHER_DOC = parse("""
            {"type": "record", "name": "Thing", "doc": "changed", "fields": [{"name": "a", "type": "string"}]}""");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void assignsIdsFromOne() {
        // When
        int first = registry.register("s-value", V1);
        int second = registry.register("s-value", V2_ADDS_FIELD_WITH_DEFAULT);

        // Then
        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        assertThat(registry.versions("s-value")).containsExactly(1, 2);
    }

    @Test
    void sharesTheIdOfAnIdenticalSchemaAcrossSubjects() {
        // Given
        int id = registry.register("a-value", V1);

        // When
        int underOtherSubject = registry.register("b-value", parse(V1.toString()));

        // Then
        assertThat(underOtherSubject).isEqualTo(id);
        assertThat(registry.subjects()).containsExactly("a-value", "b-value");
    }

    @Test
    void treatsSchemasThatDifferOnlyInDocAsDifferentSchemas() {
        // Given
        int id = registry.register("s-value", V1);

        // When
        int other = registry.register("s-value", V1_WITH_OTHER_DOC);

        // Then
        assertThat(other).isNotEqualTo(id);
    }

    @Test
    void registeringAnExistingVersionAgainAddsNoVersion() {
        // Given
        registry.register("s-value", V1);

        // When
        registry.register("s-value", parse(V1.toString()));

        // Then
        assertThat(registry.versions("s-value")).containsExactly(1);
    }

    @Test
    void backwardIsTheDefaultLevelAndRefusesAFieldAddedWithoutDefault() {
        // Given
        registry.register("s-value", V1);

        // When / Then
        assertThat(registry.globalCompatibility()).isEqualTo("BACKWARD");
        assertThatThrownBy(() -> registry.register("s-value", V2_ADDS_FIELD_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(409))
                .hasMessageContaining("subject 's-value'")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT");
    }

    @Test
    void backwardAcceptsAFieldAddedWithDefaultAndADroppedField() {
        // Given
        registry.register("s-value", V1);

        // When
        registry.register("s-value", V2_ADDS_FIELD_WITH_DEFAULT);
        registry.register("s-value", V2_DROPS_FIELD);

        // Then
        assertThat(registry.versions("s-value")).containsExactly(1, 2, 3);
    }

    @Test
    void forwardRefusesDroppingAFieldWithoutDefault() {
        // Given
        registry.setSubjectCompatibility("s-value", "FORWARD");
        registry.register("s-value", V1);

        // When / Then
        assertThatThrownBy(() -> registry.register("s-value", V2_DROPS_FIELD))
                .isInstanceOf(IncompatibleSchemaException.class);
        assertThat(registry.isCompatible("s-value", V2_ADDS_FIELD_WITHOUT_DEFAULT)).isTrue();
    }

    @Test
    void fullRefusesWhatEitherDirectionRefuses() {
        // Given
        registry.setGlobalCompatibility("full");
        registry.register("s-value", V1);

        // When / Then
        assertThat(registry.isCompatible("s-value", V2_ADDS_FIELD_WITHOUT_DEFAULT)).isFalse();
        assertThat(registry.isCompatible("s-value", V2_DROPS_FIELD)).isFalse();
        assertThat(registry.isCompatible("s-value", V2_ADDS_FIELD_WITH_DEFAULT)).isTrue();
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersionNotOnlyTheLatest() {
        // Given v1 {a: string}, then v2 {} (dropping a), then a candidate v3 {a: int = 0}
        Schema v3 = parse("""
                {"type": "record", "name": "Thing", "fields": [{"name": "a", "type": "int", "default": 0}]}""");
        registry.setSubjectCompatibility("plain-value", "BACKWARD");
        registry.setSubjectCompatibility("transitive-value", "BACKWARD_TRANSITIVE");
        for (String subject : new String[] {"plain-value", "transitive-value"}) {
            registry.register(subject, V1);
            registry.register(subject, V2_DROPS_FIELD);
        }

        // When / Then: v3 reads v2's data, but not v1's, whose "a" is a string
        assertThat(registry.isCompatible("plain-value", v3)).isTrue();
        assertThat(registry.isCompatible("transitive-value", v3)).isFalse();
    }

    @Test
    void noneAcceptsAnything() {
        // Given
        registry.setSubjectCompatibility("s-value", "NONE");
        registry.register("s-value", V1);

        // When
        int id = registry.register("s-value", V2_ADDS_FIELD_WITHOUT_DEFAULT);

        // Then
        assertThat(id).isEqualTo(2);
    }

    @Test
    void aSubjectLevelOverridesTheGlobalLevel() {
        // Given
        registry.setGlobalCompatibility("NONE");
        registry.setSubjectCompatibility("s-value", "BACKWARD");
        registry.register("s-value", V1);

        // When / Then
        assertThat(registry.subjectCompatibility("s-value")).contains("BACKWARD");
        assertThat(registry.subjectCompatibility("other-value")).isEmpty();
        assertThat(registry.isCompatible("s-value", V2_ADDS_FIELD_WITHOUT_DEFAULT)).isFalse();
    }

    @Test
    void anUnknownLevelIsRefusedAsTheRegistryDoes() {
        // When / Then
        assertThatThrownBy(() -> registry.setGlobalCompatibility("SIDEWAYS"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.errorCode()).isEqualTo(42203);
                });
    }

    @Test
    void lookupDistinguishesAnUnknownSubjectFromAnUnknownSchema() {
        // Given
        registry.register("s-value", V1);

        // When / Then
        assertThatThrownBy(() -> registry.lookupId("missing-value", V1))
                .isInstanceOfSatisfying(SubjectNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40401))
                .hasMessageContaining("'missing-value'");
        assertThatThrownBy(() -> registry.lookupId("s-value", V2_DROPS_FIELD))
                .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40403))
                .hasMessageContaining("'s-value'");
        assertThat(registry.lookupId("s-value", parse(V1.toString()))).isEqualTo(1);
    }

    @Test
    void anUnknownIdIsSchemaNotFound() {
        // When / Then
        assertThatThrownBy(() -> registry.schemaById(9))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("id 9");
    }

    @Test
    void everyUseOfAScopeSharesOneRegistryUntilTheScopeIsDropped() {
        // Given
        InMemorySchemaRegistryClient first = InMemorySchemaRegistryClient.forScope("scope-test");
        first.register("s-value", V1);

        // When
        InMemorySchemaRegistryClient same = InMemorySchemaRegistryClient.forScope("scope-test");
        InMemorySchemaRegistryClient.dropScope("scope-test");
        InMemorySchemaRegistryClient afterDrop = InMemorySchemaRegistryClient.forScope("scope-test");

        // Then
        assertThat(same).isSameAs(first);
        assertThat(afterDrop.subjects()).isEmpty();
        InMemorySchemaRegistryClient.dropScope("scope-test");
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
