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
    // Slack takes up to 50 blocks; a personal notice keeps far below that.
    private static final int MAX_PERSONAL_SECTIONS = 12;
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

    /**
     * A console user's own Slack notice, made from the e-mail they would otherwise get (a CSM notice or their daily
     * digest): the subject as the headline and the body's lines in sections of at most {@value #MAX_SECTION_TEXT}
     * characters, at most {@value #MAX_PERSONAL_SECTIONS} of them; a longer body ends in a section saying it was cut.
     */
    public ComposedMessage personal(String subject, String body) {
        String headline = "*" + escape(Text.oneLine(subject)) + "*";
        List<Block> blocks = new java.util.ArrayList<>();
        blocks.add(Block.section(headline));
        StringBuilder section = new StringBuilder();
        boolean cut = false;
        boolean blank = false;
        for (String line : body.strip().split("\n")) {
            if (line.isBlank()) {
                // Runs of blank lines are one, and none opens a section.
                if (!blank && !section.isEmpty()) {
                    section.append('\n');
                }
                blank = true;
                continue;
            }
            blank = false;
            String escaped = escapeWithin(line, MAX_SECTION_TEXT - MORE_LINE - 2) + "\n";
            if (section.length() + escaped.length() > MAX_SECTION_TEXT - MORE_LINE && !section.toString().isBlank()) {
                if (blocks.size() == MAX_PERSONAL_SECTIONS) {
                    cut = true;
                    break;
                }
                blocks.add(Block.section(section.toString().stripTrailing()));
                section.setLength(0);
            }
            section.append(escaped);
        }
        String tail = cut ? "_(cut here: the console has the rest)_" : null;
        if (!section.toString().isBlank()) {
            if (tail != null && section.length() + tail.length() <= MAX_SECTION_TEXT) {
                section.append(tail);
                tail = null;
            }
            blocks.add(Block.section(section.toString().stripTrailing()));
        }
        if (tail != null) {
            blocks.add(Block.section(tail));
        }
        try {
            return new ComposedMessage(subject, json.writeValueAsString(new SlackMessage(cut(headline), blocks)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** {@code s} escaped, cut (with "…") before an escape would take it past {@code max} characters. */
    private static String escapeWithin(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            String piece = ch == '&' ? "&amp;" : ch == '<' ? "&lt;" : ch == '>' ? "&gt;" : String.valueOf(ch);
            if (b.length() + piece.length() > max - 1) {
                return b.append('…').toString();
            }
            b.append(piece);
        }
        return b.toString();
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
