package io.healthscore.alert.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Playbooks on level transitions ({@code when: {transition: {...}}}) next to alert playbooks. */
class TransitionPlaybookParserTest {

    private static final String VALID = """
            playbooks:
              - name: entered-lv1
                when:
                  transition: {to: LV1, direction: DOWN, coverage-model: [TECH_TOUCH, LOW_TOUCH], segment: smb}
                actions:
                  - {type: csm-email}
                  - {type: webhook, target: crm}
              - name: upsell-moment
                when: {transition: {from: LV3, to: LV4}}
                actions:
                  - {type: slack, target: team}
              - name: any-move
                when: {transition: {}}
                actions:
                  - {type: slack, target: team}
              - name: catch-all
                actions:
                  - {type: csm-email}
            """;

    @Test
    void aTransitionPlaybookCarriesItsLevelsDirectionCoverageAndSegment() {
        List<Playbook> playbooks = PlaybookParser.parse("test.yml", VALID);

        TransitionMatch lv1 = playbooks.get(0).transition();
        assertThat(playbooks.get(0).match()).isNull();
        assertThat(lv1.from()).isEmpty();
        assertThat(lv1.to()).containsExactly(HealthLevel.LV1);
        assertThat(lv1.directions()).containsExactly(Direction.DOWN);
        assertThat(lv1.coverageModels()).containsExactlyInAnyOrder(CoverageModel.TECH_TOUCH, CoverageModel.LOW_TOUCH);
        assertThat(lv1.segments()).containsExactly("smb");
        assertThat(playbooks.get(1).transition().from()).containsExactly(HealthLevel.LV3);
        assertThat(playbooks.get(2).transition().to()).isEmpty();
        assertThat(playbooks.get(3).transition()).as("no transition condition: an alert playbook").isNull();
        assertThat(playbooks.get(3).match()).isNotNull();
    }

    @Test
    void aTransitionPlaybookMatchesOnlyTransitionsAndAnAlertPlaybookOnlyAlerts() {
        List<Playbook> playbooks = PlaybookParser.parse("test.yml", VALID);
        TransitionFacts down = new TransitionFacts(HealthLevel.LV2, HealthLevel.LV1, Direction.DOWN,
                CoverageModel.TECH_TOUCH, "smb");
        AlertFacts alert = new AlertFacts(AlertRule.LEVEL_DOWN, Severity.IMMINENT, HealthLevel.LV1, Direction.DOWN,
                CoverageModel.TECH_TOUCH, "smb");

        assertThat(playbooks.get(0).matches(down)).isTrue();
        assertThat(playbooks.get(0).matches(alert)).isFalse();
        assertThat(playbooks.get(3).matches(alert)).isTrue();
        assertThat(playbooks.get(3).matches(down)).as("a catch-all alert playbook never takes a transition").isFalse();
    }

    @Test
    void conditionsOnATransitionMatchOnlyWhenEveryListedPropertyIsAccepted() {
        TransitionMatch lv1 = PlaybookParser.parse("test.yml", VALID).get(0).transition();

        assertThat(lv1.matches(new TransitionFacts(HealthLevel.LV3, HealthLevel.LV1, Direction.DOWN,
                CoverageModel.LOW_TOUCH, "smb"))).isTrue();
        assertThat(lv1.matches(new TransitionFacts(HealthLevel.LV3, HealthLevel.LV2, Direction.DOWN,
                CoverageModel.LOW_TOUCH, "smb"))).as("another level").isFalse();
        assertThat(lv1.matches(new TransitionFacts(HealthLevel.LV2, HealthLevel.LV1, Direction.DOWN,
                CoverageModel.HIGH_TOUCH, "smb"))).as("another coverage model").isFalse();
        assertThat(lv1.matches(new TransitionFacts(HealthLevel.LV2, HealthLevel.LV1, Direction.DOWN,
                null, "smb"))).as("no coverage model on the transition").isFalse();
        assertThat(lv1.matches(new TransitionFacts(HealthLevel.LV2, HealthLevel.LV1, Direction.DOWN,
                CoverageModel.TECH_TOUCH, null))).as("no segment on the transition").isFalse();
    }

    @Test
    void theShippedFilesCommentedTransitionExamplesParseAndTheShippedPlaybooksAreAllForAlerts() throws IOException {
        String shipped;
        try (InputStream in = getClass().getResourceAsStream("/playbooks.yml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String examples = shipped.lines().filter(l -> l.startsWith("#  ")).map(l -> l.substring(1))
                .collect(Collectors.joining("\n", "playbooks:\n", "\n"));

        assertThat(PlaybookParser.parse("examples", examples)).extracting(Playbook::name)
                .containsExactly("entered-lv1", "upsell-moment", "seats-upsell", "growing-high-touch");
        assertThat(PlaybookParser.parse("playbooks.yml", shipped)).allMatch(p -> p.transition() == null);
    }

    @Test
    void anUnknownLevelNamesTheFileTheEntryTheConditionAndTheAcceptedValues() {
        String yaml = VALID.replace("to: LV1,", "to: LV5,");

        assertThatThrownBy(() -> PlaybookParser.parse("playbooks.yml", yaml))
                .isInstanceOf(PlaybookException.class)
                .hasMessage("playbooks.yml: playbook #1 'entered-lv1' when.transition: to 'LV5' is not one of "
                        + "[LV1, LV2, LV3, LV4]");
    }

    @Test
    void anUnknownDirectionIsRefused() {
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("direction: DOWN", "direction: SIDEWAYS")))
                .hasMessage("p.yml: playbook #1 'entered-lv1' when.transition: direction 'SIDEWAYS' is not one of "
                        + "[UP, DOWN]");
    }

    @Test
    void anUnknownKeyInsideTheTransitionIsAnError() {
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("{from: LV3, to: LV4}",
                "{from: LV3, to: LV4, severity: IMMINENT}")))
                .hasMessage("p.yml: playbook #2 'upsell-moment' when.transition: unknown key 'severity' (allowed: "
                        + "[coverage-model, direction, from, segment, to])");
    }

    @Test
    void aTransitionConditionNextToAlertConditionsIsRefused() {
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("when: {transition: {from: LV3, to: LV4}}",
                "when: {severity: IMMINENT, transition: {from: LV3, to: LV4}}")))
                .hasMessage("p.yml: playbook #2 'upsell-moment' when: 'transition' cannot be combined with alert "
                        + "conditions [severity]; a playbook runs either on alerts or on level transitions");
    }

    @Test
    void aTransitionThatCanNeverHappenIsRefusedNamingItsConditions() {
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("{from: LV3, to: LV4}", "{from: LV3, to: LV3}")))
                .hasMessage("p.yml: playbook #2 'upsell-moment' when.transition: from [LV3] to [LV3] can never happen: "
                        + "a transition moves between two different levels");
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("{from: LV3, to: LV4}",
                "{from: LV3, to: LV4, direction: DOWN}")))
                .hasMessage("p.yml: playbook #2 'upsell-moment' when.transition: from [LV3] to [LV4] direction [DOWN] "
                        + "can never happen: DOWN is towards LV1, UP towards LV4");
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("{from: LV3, to: LV4}",
                "{to: LV4, direction: DOWN}")))
                .hasMessageContaining("to [LV4] direction [DOWN] can never happen");
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("{from: LV3, to: LV4}",
                "{from: LV1, direction: DOWN}")))
                .hasMessageContaining("from [LV1] direction [DOWN] can never happen");
    }

    @Test
    void aTransitionConditionThatIsNotAMappingIsRefused() {
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("{transition: {}}", "{transition: LV1}")))
                .hasMessage("p.yml: playbook #3 'any-move' when.transition: expected a mapping, found 'LV1'");
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("{transition: {}}", "{transition: }")))
                .hasMessage("p.yml: playbook #3 'any-move' when.transition: expected a mapping, found nothing "
                        + "(write {} for any level move)");
    }
}
