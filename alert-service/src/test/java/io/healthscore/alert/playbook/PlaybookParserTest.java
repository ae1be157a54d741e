package io.healthscore.alert.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaybookParserTest {

    private static final String VALID = """
            playbooks:
              - name: tech-touch
                when:
                  severity: IMMINENT
                  coverage-model: [TECH_TOUCH, LOW_TOUCH]
                  level: [LV1, LV2]
                  direction: DOWN
                  rule: [INACTIVITY, SCORE_DROP]
                  segment: smb
                actions:
                  - {type: customer-email, template: risk-follow-up}
                  - {type: webhook, target: crm}
              - name: catch-all
                actions:
                  - {type: csm-email}
            """;

    @Test
    void aValidFileGivesPlaybooksInFileOrderWithTheirConditionsAndActions() {
        List<Playbook> playbooks = PlaybookParser.parse("test.yml", VALID);

        assertThat(playbooks).extracting(Playbook::name).containsExactly("tech-touch", "catch-all");
        PlaybookMatch match = playbooks.get(0).match();
        assertThat(match.severities()).containsExactly(Severity.IMMINENT);
        assertThat(match.coverageModels()).containsExactlyInAnyOrder(CoverageModel.TECH_TOUCH, CoverageModel.LOW_TOUCH);
        assertThat(match.directions()).containsExactly(Direction.DOWN);
        assertThat(match.segments()).containsExactly("smb");
        assertThat(playbooks.get(0).actions()).containsExactly(
                new PlaybookAction(ActionType.CUSTOMER_EMAIL, null, "risk-follow-up"),
                new PlaybookAction(ActionType.WEBHOOK, "crm", null));
        assertThat(playbooks.get(1).match().rules()).isEmpty();
    }

    @Test
    void conditionsMatchOnlyWhenEveryListedPropertyIsAccepted() {
        PlaybookMatch match = PlaybookParser.parse("test.yml", VALID).get(0).match();
        AlertFacts fits = new AlertFacts(AlertRule.INACTIVITY, Severity.IMMINENT, HealthLevel.LV1, Direction.DOWN,
                CoverageModel.TECH_TOUCH, "smb");

        assertThat(match.matches(fits)).isTrue();
        assertThat(match.matches(new AlertFacts(AlertRule.INACTIVITY, Severity.SUSPECTED, HealthLevel.LV1,
                Direction.DOWN, CoverageModel.TECH_TOUCH, "smb"))).isFalse();
        assertThat(match.matches(new AlertFacts(AlertRule.INACTIVITY, Severity.IMMINENT, HealthLevel.LV1,
                Direction.DOWN, null, "smb"))).as("unknown coverage model").isFalse();
        assertThat(match.matches(new AlertFacts(AlertRule.INACTIVITY, Severity.IMMINENT, HealthLevel.LV3,
                Direction.DOWN, CoverageModel.TECH_TOUCH, "smb"))).isFalse();
    }

    @Test
    void anUnknownSeverityNamesTheFileTheEntryAndTheAcceptedValues() {
        String yaml = VALID.replace("severity: IMMINENT", "severity: HIGH");

        assertThatThrownBy(() -> PlaybookParser.parse("playbooks.yml", yaml))
                .isInstanceOf(PlaybookException.class)
                .hasMessage("playbooks.yml: playbook #1 'tech-touch': severity 'HIGH' is not one of [SUSPECTED, IMMINENT]");
    }

    @Test
    void anUnknownKeyIsAnErrorRatherThanAConditionThatNeverMatches() {
        String yaml = VALID.replace("segment: smb", "segmnt: smb");

        assertThatThrownBy(() -> PlaybookParser.parse("playbooks.yml", yaml))
                .hasMessageContaining("playbook #1 'tech-touch' when: unknown key 'segmnt'");
    }

    @Test
    void actionsMustHaveAKnownTypeAndTheirTargetOrTemplate() {
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("type: webhook, target: crm", "type: fax")))
                .hasMessageContaining("playbook #1 'tech-touch' action #2: unknown type 'fax'");
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("type: webhook, target: crm", "type: webhook")))
                .hasMessageContaining("action #2: type 'webhook' needs a 'target'");
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("type: customer-email, template: risk-follow-up",
                "type: customer-email")))
                .hasMessageContaining("action #1: type 'customer-email' needs a 'template'");
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("      - {type: csm-email}\n", "")))
                .hasMessageContaining("playbook #2 'catch-all': 'actions' must be a non-empty list");
    }

    @Test
    void brokenYamlMissingNamesDuplicateNamesAndAMissingListAreRefused() {
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", "playbooks: [ {name: x")).hasMessageStartingWith("p.yml: not valid YAML");
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", "rules: []")).hasMessage("p.yml: expected a top-level 'playbooks:' list");
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", "playbooks:\n  - actions: [{type: csm-email}]"))
                .hasMessage("p.yml: playbook #1: 'name' is missing or not text");
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", VALID.replace("name: catch-all", "name: tech-touch")))
                .hasMessage("p.yml: playbook #2 'tech-touch': the name is used twice");
        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", "playbooks:\n  - just text"))
                .hasMessage("p.yml: playbook #1: expected a mapping, found 'just text'");
    }

    @Test
    void aYamlBombIsRefused() {
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" + "playbooks: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";

        assertThatThrownBy(() -> PlaybookParser.parse("p.yml", bomb)).isInstanceOf(PlaybookException.class);
    }
}
