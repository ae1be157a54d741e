package io.healthscore.alert.compose;

import io.healthscore.avro.Direction;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A Slack incoming-webhook message: a plain {@code text} fallback plus three section blocks with the account,
 * score, level, reasons and a link. Every text stays below Slack's limits, which Slack enforces by refusing the
 * whole message (400 {@code invalid_blocks}), so a long name or a long list of reasons could otherwise turn the
 * delivery DEAD: names and reasons are one line and capped (see {@link Text}), the reasons section holds the
 * reasons that fit in {@value #MAX_SECTION_TEXT} characters once escaped and counts the rest, and each block is cut
 * at that limit as a last resort.
 */
@Singleton
public final class SlackMessageComposer {

    /** Slack's limit on a section block's text (and the most we put in the top-level text). */
    static final int MAX_SECTION_TEXT = 3000;

    private static final int MAX_REASONS = 20;
    // Room kept in the reasons section for the "(+n more)" line.
    private static final int MORE_LINE = 32;

    private final JsonMapper json;

    public SlackMessageComposer(JsonMapper json) {
        this.json = json;
    }

    public ComposedMessage compose(AlertView view) {
        var a = view.alert();
        String headline = ":rotating_light: *" + a.getSeverity() + "* churn risk for *"
                + escape(Text.oneLine(view.accountName())) + "* (" + escape(Text.id(a.getAccountId())) + "): "
                + a.getRule() + ", score " + view.scoreText() + ", " + a.getLevel();
        String link = "<" + view.link() + "|Open account>";
        return message(headline, a.getReasons(), link);
    }

    /** The post for a level transition a playbook acts on, within the same limits as an alert's. */
    public ComposedMessage compose(TransitionView view) {
        var t = view.transition();
        String headline = (t.getDirection() == Direction.DOWN ? ":chart_with_downwards_trend:"
                : ":chart_with_upwards_trend:") + " *" + escape(Text.oneLine(view.accountName())) + "* ("
                + escape(Text.id(t.getAccountId())) + ") moved " + view.move() + ", score " + view.scoreText();
        return message(headline, t.getReasons(), "<" + view.link() + "|Open account>");
    }

    /** The post for an expansion signal a playbook acts on, within the same limits. */
    public ComposedMessage compose(ExpansionView view) {
        var e = view.signal();
        String headline = ":seedling: Expansion opportunity for *" + escape(Text.oneLine(view.accountName())) + "* ("
                + escape(Text.id(e.getAccountId())) + "): " + e.getKind() + ", " + view.usersText() + ", score "
                + view.scoreText() + ", " + e.getLevel();
        return message(headline, e.getReasons(), "<" + view.link() + "|Open account>");
    }

    private ComposedMessage message(String headline, List<String> reasons, String link) {
        SlackMessage message = new SlackMessage(cut(headline), List.of(
                Block.section(headline),
                Block.section(reasons(reasons)),
                Block.section(link)));
        try {
            return new ComposedMessage(null, json.writeValueAsString(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As many reasons as fit in a section, escaped, then how many were left out. */
    private static String reasons(List<String> reasons) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (String reason : reasons) {
            String line = "• " + escape(Text.oneLine(reason)) + "\n";
            if (shown == MAX_REASONS || b.length() + line.length() > MAX_SECTION_TEXT - MORE_LINE) {
                break;
            }
            b.append(line);
            shown++;
        }
        if (shown < reasons.size()) {
            b.append("(+").append(reasons.size() - shown).append(" more)");
        }
        return b.isEmpty() ? "(no reasons given)" : b.toString().strip();
    }

    private static String cut(String text) {
        return text.length() <= MAX_SECTION_TEXT ? text : text.substring(0, MAX_SECTION_TEXT - 1) + "…";
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
            return new Block("section", new BlockText("mrkdwn", cut(mrkdwn)));
        }
    }

    /** Text of a block. */
    @Serdeable
    public record BlockText(String type, String text) {
    }
}
