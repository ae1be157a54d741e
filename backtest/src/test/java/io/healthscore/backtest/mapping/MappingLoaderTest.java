package io.healthscore.backtest.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.avro.SignalType;
import io.healthscore.avro.UsageEventType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MappingLoaderTest {

    private static final String HEADER = """
            account: userId
            time: {field: ts, format: epoch-ms}
            rules:
            """;

    @Test
    void theExampleMappingsLoadAndTheBuiltInOneIsTheExample() throws Exception {
        EventMapping sparkify = MappingLoader.load(Path.of("examples/sparkify-mapping.yml"));
        EventMapping nativeMapping = MappingLoader.loadNative();

        assertThat(sparkify.rules()).extracting(MappingRule::name).startsWith("play", "playlist", "thumbs-up");
        assertThat(sparkify.rules().get(0).emit()).isEqualTo(new Emission.Usage(UsageEventType.FEATURE_USED,
                ((Emission.Usage) sparkify.rules().get(0).emit()).feature(), null));
        assertThat(((Emission.Signal) sparkify.rules().get(4).emit()).type()).isEqualTo(SignalType.NPS_ANSWER);
        assertThat(sparkify.session().path()).isEqualTo("sessionId");
        assertThat(sparkify.churn()).isNotNull();
        assertThat(sparkify.upgrade()).isNotNull();
        assertThat(nativeMapping.upgrade()).as("the native format carries no upgrades").isNull();
        assertThat(Files.readString(Path.of("examples/native-mapping.yml"))).isEqualTo(Files.readString(
                Path.of("src/main/resources/" + MappingLoader.NATIVE_RESOURCE)));
        assertThat(nativeMapping.rules()).hasSize(11);
    }

    @Test
    void anUpgradeRuleNamesWhichRecordsAreUpgradesAndNeedsACondition() {
        String rules = """
                  - name: play
                    when: {page: NextSong}
                    emit: {type: FEATURE_USED, feature: play}
                """;

        EventMapping mapping = MappingLoader.parse("m.yml", HEADER + rules + "upgrade:\n  when: {page: Submit Upgrade}\n");
        assertThat(mapping.upgrade().fields()).extracting(FieldPath::path).containsExactly("page");

        assertThatThrownBy(() -> MappingLoader.parse("m.yml", HEADER + rules + "upgrade: {}\n"))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("'upgrade'")
                .hasMessageContaining("needs 'when', the records that mark an upgrade");
    }

    @Test
    void anUnknownEventTypeNamesTheFileLineRuleAndField() {
        String yaml = HEADER + """
                  - name: play
                    when: {page: NextSong}
                    emit: {type: FEATURE_USED, feature: play}
                  - name: thumbs-down
                    when: {page: Thumbs Down}
                    emit: {type: THUMBS_DOWN}
                """;

        assertThatThrownBy(() -> MappingLoader.parse("mapping.yml", yaml))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith("mapping.yml line 9, rule #2 'thumbs-down', field 'emit.type': "
                        + "unknown event type 'THUMBS_DOWN'; expected one of [LOGIN, LOGOUT, FEATURE_USED");
    }

    @Test
    void aFeatureEventWithoutAFeatureNamesTheRule() {
        String yaml = HEADER + """
                  - name: play
                    when: {page: NextSong}
                    emit: {type: FEATURE_USED}
                """;

        assertThatThrownBy(() -> MappingLoader.parse("m.yml", yaml))
                .hasMessage("m.yml line 6, rule #1 'play', field 'emit.type': FEATURE_USED needs 'feature' (a name, "
                        + "or ${field} to take it from the record)");
    }

    @Test
    void aMistypedRuleFieldIsRefusedWithTheAllowedOnes() {
        String yaml = HEADER + """
                  - name: play
                    wehn: {page: NextSong}
                    emit: none
                """;

        assertThatThrownBy(() -> MappingLoader.parse("m.yml", yaml))
                .hasMessage("m.yml line 5, rule #1 'play', field 'wehn': unknown field; expected one of [emit, name, when]");
    }

    @Test
    void anUnnamedRuleIsNamedByItsNumberAndABadPatternIsReported() {
        String yaml = HEADER + """
                  - when: {page: NextSong}
                    emit: none
                  - when: {page: {matches: "Submit ("}}
                    emit: none
                """;

        assertThatThrownBy(() -> MappingLoader.parse("m.yml", yaml))
                .hasMessageStartingWith("m.yml line 6, rule #2 'rule-2', field 'when.page.matches': not a valid "
                        + "regular expression");
    }

    @Test
    void anNpsLiteralOutOfRangeAndADuplicateRuleNameAreRefused() {
        String nps = HEADER + """
                  - name: sad
                    when: {page: Thumbs Down}
                    emit: {signal: NPS_ANSWER, nps: 11}
                """;
        String twice = HEADER + """
                  - name: play
                    when: {page: NextSong}
                    emit: none
                  - name: play
                    when: {page: Home}
                    emit: none
                """;

        assertThatThrownBy(() -> MappingLoader.parse("m.yml", nps))
                .hasMessage("m.yml line 6, rule #1 'sad', field 'emit.nps': expected a whole number 0..10, got '11'");
        assertThatThrownBy(() -> MappingLoader.parse("m.yml", twice))
                .hasMessage("m.yml line 7, rule #2 'play', field 'name': another rule has the same name");
    }

    @Test
    void requiredTopLevelFieldsAndTimeFormatsAreChecked() {
        assertThatThrownBy(() -> MappingLoader.parse("m.yml", "time: ts\nrules: []\n"))
                .hasMessage("m.yml line 1: field 'account' is missing");
        assertThatThrownBy(() -> MappingLoader.parse("m.yml", "account: a\ntime: {field: ts, format: unix}\nrules: []\n"))
                .hasMessage("m.yml line 2, field 'time.format': unknown time format 'unix'; expected one of epoch-ms, "
                        + "epoch-s, iso-8601, auto");
        assertThatThrownBy(() -> MappingLoader.parse("m.yml", "account: a\ntime: ts\nrules: []\n"))
                .hasMessage("m.yml line 3, field 'rules': at least one rule is needed");
    }
}
