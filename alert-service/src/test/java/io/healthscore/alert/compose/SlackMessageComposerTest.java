package io.healthscore.alert.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.alert.Records;
import io.healthscore.alert.SlackLimits;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlackMessageComposerTest {

    private final SlackMessageComposer composer = new SlackMessageComposer(ObjectMapper.getDefault());

    @Test
    void aTenThousandCharacterNameAndAThousandLongReasonsStayWithinSlacksLimits() {
        // Given a name of 10,000 characters that Slack escapes (each & < > grows fivefold) and 1,000 long reasons
        String name = "&<>\r\n".repeat(2000);
        ChurnRiskAlert alert = alert(Collections.nCopies(1000, "&".repeat(10_000)));

        // When the Slack message is composed
        String json = composer.compose(new AlertView(alert, name, "http://127.0.0.1/accounts/acct", null)).body();

        // Then Slack would take it
        assertThat(SlackLimits.violations(json)).isEmpty();
        assertThat(blockTexts(json)).allMatch(text -> text.length() <= 3000);
    }

    @Test
    void aPersonalNoticeOfALongDigestSplitsIntoSectionsSlackTakesAndSaysWhereItWasCut() {
        // Given a digest body of 400 lines, some of them escaping to far more than a section holds
        StringBuilder body = new StringBuilder("Open alerts (400):\n\n");
        for (int i = 0; i < 400; i++) {
            body.append("- IMMINENT INACTIVITY for acct-").append(i).append(i % 50 == 0 ? " " + "<&>".repeat(2000) : "")
                    .append('\n');
        }

        // When it becomes a personal Slack notice
        ComposedMessage post = composer.personal("Daily digest 2026-12-04: 400 open alerts <b>", body.toString());

        // Then Slack would take it: at most 14 non-empty sections within the limits, escaped, ending in the cut line
        assertThat(SlackLimits.violations(post.body())).isEmpty();
        List<String> texts = blockTexts(post.body());
        assertThat(texts).hasSizeLessThanOrEqualTo(14).allMatch(t -> !t.isBlank() && t.length() <= 3000);
        assertThat(texts.get(0)).isEqualTo("*Daily digest 2026-12-04: 400 open alerts &lt;b&gt;*");
        assertThat(texts.get(1)).isEqualTo("Open alerts (400):"); // the next line, cut short, fills a section itself
        assertThat(texts.get(2)).startsWith("- IMMINENT INACTIVITY for acct-0 &lt;&amp;&gt;").endsWith("…");
        assertThat(texts.get(texts.size() - 1)).endsWith("_(cut here: the console has the rest)_");
        assertThat(String.join("", texts)).doesNotContain("<&>");
        assertThat(texts.get(2)).matches("(?s).*(&lt;|&amp;|&gt;)…$"); // cut between escapes, never inside one
    }

    @Test
    void runsOfBlankLinesInAPersonalNoticeAreOneAndNeverMakeASectionTooLong() {
        String body = "Open alerts (1):" + "\n".repeat(5000) + "- IMMINENT INACTIVITY for acct-1\n"
                + "\n \n\t\n".repeat(2000) + "- and 3 more";

        List<String> texts = blockTexts(composer.personal("Digest", body).body());

        assertThat(texts).allMatch(t -> !t.isBlank() && t.length() <= 3000);
        assertThat(texts.get(1)).isEqualTo("Open alerts (1):\n\n- IMMINENT INACTIVITY for acct-1\n\n- and 3 more");
    }

    @Test
    void reasonsThatDoNotFitInTheSectionEndWithACountOfTheRest() {
        // Given 20 reasons that each escape to 500 characters
        ChurnRiskAlert alert = alert(Collections.nCopies(20, "&".repeat(100)));

        // When the message is composed
        String reasons = blockTexts(composer.compose(new AlertView(alert, "Acme", "http://x/acct", null)).body()).get(1);

        // Then the section holds the reasons that fit, then says how many were left out
        assertThat(reasons).hasSizeLessThanOrEqualTo(3000).endsWith(" more)");
        int shown = reasons.split("\n").length - 1;
        assertThat(reasons).endsWith("(+" + (20 - shown) + " more)");
        assertThat(shown).isEqualTo(5);
    }

    @Test
    void theNameIsOneLineCappedAndEscaped() {
        // Given a name with a line break, a mention and a link in Slack's markup
        String name = "Acme\n<!channel> <https://evil.example|click>";

        // When the message is composed
        String headline = blockTexts(composer.compose(new AlertView(alert(List.of("r")), name, "http://x/a", null))
                .body()).get(0);

        // Then Slack sees plain text on one line
        assertThat(headline).contains("*Acme &lt;!channel&gt; &lt;https://evil.example|click&gt;*")
                .doesNotContain("\n");
    }

    private static ChurnRiskAlert alert(List<String> reasons) {
        return Records.alert("a1", "acct", AlertRule.LEVEL_DOWN, Severity.IMMINENT, CoverageModel.HIGH_TOUCH)
                .setReasons(reasons).build();
    }

    private static List<String> blockTexts(String json) {
        try {
            JsonNode blocks = ObjectMapper.getDefault().readValue(json, JsonNode.class).get("blocks");
            return java.util.stream.IntStream.range(0, blocks.size())
                    .mapToObj(i -> blocks.get(i).get("text").get("text").getStringValue()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
