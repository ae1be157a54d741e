package io.healthscore.alert.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.ExpansionKind;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Playbooks on expansion signals ({@code when: {expansion: {...}}}) next to alert and transition playbooks. */
class ExpansionPlaybookParserTest {

    private static final String VALID = """
            playbooks:
              - name: seats-upsell
                when:
                  expansion: {kind: SEATS_EXCEEDED, coverage-model: [HIGH_TOUCH, LOW_TOUCH], segment: smb}
                actions:
                  - {type: csm-email}
                  - {type: webhook, target: crm}
              - name: any-expansion
                when: {expansion: {}}
                actions:
                  - {type: slack, target: team}
              - name: upsell-moment
                when: {transition: {from: LV3, to: LV4}}
                actions:
                  - {type: slack, target: team}
              - name: catch-all
                actions:
                  - {type: csm-email}
            """;

    @Test
    void anExpansionPlaybookCarriesItsKindCoverageAndSegment() {
        List<Playbook> playbooks = PlaybookParser.parse("test.yml", VALID);

        ExpansionMatch seats = playbooks.get(0).expansion();
        assertThat(playbooks.get(0).match()).isNull();
        assertThat(playbooks.get(0).transition()).isNull();
        assertThat(seats.kinds()).containsExactly(ExpansionKind.SEATS_EXCEEDED);
        assertThat(seats.coverageModels()).containsExactlyInAnyOrder(CoverageModel.HIGH_TOUCH, CoverageModel.LOW_TOUCH);
        assertThat(seats.segments()).containsExactly("smb");
        assertThat(playbooks.get(1).expansion().kinds()).isEmpty();
        assertThat(playbooks.get(2).expansion()).isNull();
        assertThat(playbooks.get(3).expansion()).isNull();
    }

    @Test
    void anExpansionPlaybookMatchesOnlyExpansionSignalsAndNoOtherPlaybookDoes() {
        List<Playbook> playbooks = PlaybookParser.parse("test.yml", VALID);
        ExpansionFacts seats = new ExpansionFacts(ExpansionKind.SEATS_EXCEEDED, CoverageModel.HIGH_TOUCH, "smb");
        AlertFacts alert = new AlertFacts(AlertRule.LEVEL_DOWN, Severity.IMMINENT, HealthLevel.LV1, Direction.DOWN,
                CoverageModel.HIGH_TOUCH, "smb");
        TransitionFacts up = new TransitionFacts(HealthLevel.LV3, HealthLevel.LV4, Direction.UP,
                CoverageModel.HIGH_TOUCH, "smb");

        assertThat(playbooks.get(0).matches(seats)).isTrue();
        assertThat(playbooks.get(0).matches(alert)).isFalse();
        assertThat(playbooks.get(0).matches(up)).isFalse();
        assertThat(playbooks.get(2).matches(seats)).as("a transition playbook never takes a signal").isFalse();
        assertThat(playbooks.get(3).matches(seats)).as("a catch-all alert playbook never takes a signal").isFalse();
        assertThat(playbooks.get(3).matches(alert)).isTrue();
    }

    @Test
    void conditionsOnASignalMatchOnlyWhenEveryListedPropertyIsAccepted() {
        ExpansionMatch seats = PlaybookParser.parse("test.yml", VALID).get(0).expansion();

        assertThat(seats.matches(new ExpansionFacts(ExpansionKind.SEATS_EXCEEDED, CoverageModel.LOW_TOUCH, "smb")))
                .isTrue();
        assertThat(seats.matches(new ExpansionFacts(ExpansionKind.RISING_ADOPTION, CoverageModel.LOW_TOUCH, "smb")))
                .as("another kind").isFalse();
        assertThat(seats.matches(new ExpansionFacts(ExpansionKind.SEATS_EXCEEDED, CoverageModel.TECH_TOUCH, "smb")))
                .as("another coverage model").isFalse();
        assertThat(seats.matches(new ExpansionFacts(ExpansionKind.SEATS_EXCEEDED, null, "smb")))
                .as("no coverage model on the signal").isFalse();
        assertThat(seats.matches(new ExpansionFacts(ExpansionKind.SEATS_EXCEEDED, CoverageModel.LOW_TOUCH, null)))
                .as("no segment on the signal").isFalse();
    }

    @Test
    void theShippedFilesCommentedExpansionExamplesParseAndNoShippedPlaybookTakesASignal() throws IOException {
        String shipped;
        try (InputStream in = getClass().getResourceAsStream("/playbooks.yml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String examples = shipped.lines().filter(l -> l.startsWith("#  ")).map(l -> l.substring(1))
                .collect(Collectors.joining("\n", "playbooks:\n", "\n"));

        assertThat(PlaybookParser.parse("examples", examples)).filteredOn(p -> p.expansion() != null)
                .extracting(Playbook::name).containsExactly("seats-upsell", "growing-high-touch");
        assertThat(PlaybookParser.parse("playbooks.yml", shipped)).allMatch(p -> p.expansion() == null);
    }

    @Test
    void anUnknownKindNamesTheFileTheEntryTheConditionAndTheAcceptedValues() {
        assertThatThrownBy(() -> PlaybookParser.parse("playbooks.yml", VALID.replace("kind: SEATS_EXCEEDED",
                "kind: MORE_SEATS")))
                .isInstanceOf(PlaybookException.class)
                .hasMessage("playbooks.yml: playbook #1 'seats-upsell' when.expansion: kind 'MORE_SEATS' is not one of "
                        + "[SEATS_EXCEEDED, RISING_ADOPTION, OTHER]");
    }

    @Test
    void anUnknownKeyInsideTheExpansionIsAnError() {
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("{expansion: {}}",
                "{expansion: {level: LV4}}")))
                .hasMessage("p.yml: playbook #2 'any-expansion' when.expansion: unknown key 'level' (allowed: "
                        + "[coverage-model, kind, segment])");
    }

    @Test
    void anExpansionConditionNextToAlertOrTransitionConditionsIsRefused() {
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("when: {expansion: {}}",
                "when: {severity: IMMINENT, expansion: {}}")))
                .hasMessage("p.yml: playbook #2 'any-expansion' when: 'expansion' cannot be combined with alert "
                        + "conditions [severity]; a playbook runs either on alerts or on expansion signals");
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("when: {expansion: {}}",
                "when: {transition: {}, expansion: {}}")))
                .hasMessage("p.yml: playbook #2 'any-expansion' when: 'transition' and 'expansion' cannot be "
                        + "combined; a playbook runs on one kind of record");
    }

    @Test
    void anExpansionConditionThatIsNotAMappingIsRefused() {
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("{expansion: {}}",
                "{expansion: SEATS_EXCEEDED}")))
                .hasMessage("p.yml: playbook #2 'any-expansion' when.expansion: expected a mapping, found "
                        + "'SEATS_EXCEEDED'");
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("{expansion: {}}", "{expansion: }")))
                .hasMessage("p.yml: playbook #2 'any-expansion' when.expansion: expected a mapping, found nothing "
                        + "(write {} for every signal)");
    }
}
