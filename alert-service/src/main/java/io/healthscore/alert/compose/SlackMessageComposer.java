package io.healthscore.alert.compose;

import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A Slack incoming-webhook message: a plain {@code text} fallback plus blocks with the account, score, level,
 * reasons and a link.
 */
@Singleton
public final class SlackMessageComposer {

    private static final int MAX_REASONS = 20;

    private final JsonMapper json;

    public SlackMessageComposer(JsonMapper json) {
        this.json = json;
    }

    public ComposedMessage compose(AlertView view) {
        var a = view.alert();
        String headline = ":rotating_light: *" + a.getSeverity() + "* churn risk for *" + escape(view.accountName())
                + "* (" + escape(a.getAccountId()) + "): " + a.getRule() + ", score " + view.scoreText() + ", "
                + a.getLevel();
        StringBuilder reasons = new StringBuilder();
        for (String reason : Text.firstOf(a.getReasons(), MAX_REASONS)) {
            reasons.append("• ").append(escape(Text.oneLine(reason, 300))).append('\n');
        }
        String link = "<" + view.link() + "|Open account>";
        SlackMessage message = new SlackMessage(headline, List.of(
                Block.section(headline),
                Block.section(reasons.isEmpty() ? "(no reasons given)" : reasons.toString().strip()),
                Block.section(link)));
        try {
            return new ComposedMessage(null, json.writeValueAsString(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Slack's mrkdwn treats these three as control characters.
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Incoming-webhook body. */
    @Serdeable
    public record SlackMessage(String text, List<Block> blocks) {
    }

    /** A section block of mrkdwn text. */
    @Serdeable
    public record Block(String type, BlockText text) {
        static Block section(String mrkdwn) {
            return new Block("section", new BlockText("mrkdwn", mrkdwn));
        }
    }

    /** Text of a block. */
    @Serdeable
    public record BlockText(String type, String text) {
    }
}
