package io.healthscore.alert.compose;

import io.healthscore.avro.Direction;
import jakarta.inject.Singleton;

/**
 * The email to the owning CSM: what fired, the score and level, every reason, and a link to the account. Names,
 * ids and reasons are shown on one line each, capped (see {@link Text}).
 */
@Singleton
public final class CsmEmailComposer {

    private static final int MAX_REASONS = 20;

    public ComposedMessage compose(AlertView view) {
        var a = view.alert();
        String name = Text.oneLine(view.accountName());
        String subject = Text.oneLine("[" + a.getSeverity() + "] " + name + ": " + a.getRule()
                + " (score " + view.scoreText() + ", " + a.getLevel() + ")", 200);
        StringBuilder body = new StringBuilder();
        body.append("Churn risk ").append(a.getSeverity()).append(" for ").append(name)
                .append(" (").append(Text.id(a.getAccountId())).append(")\n\n");
        body.append("Rule: ").append(a.getRule()).append('\n');
        body.append("Score: ").append(view.scoreText()).append(", level ").append(a.getLevel());
        if (a.getPreviousLevel() != null) {
            body.append(" (was ").append(a.getPreviousLevel()).append(')');
        }
        body.append('\n');
        if (a.getRenewalDate() != null) {
            body.append("Renewal: ").append(a.getRenewalDate()).append('\n');
        }
        body.append("\nWhy:\n");
        for (String reason : Text.firstOf(a.getReasons(), MAX_REASONS)) {
            body.append("- ").append(Text.oneLine(reason)).append('\n');
        }
        body.append("\nAccount: ").append(view.link()).append('\n');
        body.append("Alert id: ").append(Text.id(a.getAlertId())).append('\n');
        return new ComposedMessage(subject, body.toString());
    }

    /** The email for a level transition a playbook acts on: the move, the score, every reason, the link. */
    public ComposedMessage compose(TransitionView view) {
        var t = view.transition();
        String name = Text.oneLine(view.accountName());
        String subject = Text.oneLine("[" + t.getToLevel() + "] " + name + ": level " + view.move()
                + ", score " + view.scoreText(), 200);
        StringBuilder body = new StringBuilder();
        body.append("Level ").append(t.getDirection() == Direction.DOWN ? "fell" : "rose")
                .append(" for ").append(name).append(" (").append(Text.id(t.getAccountId())).append(")\n\n");
        body.append("Level: ").append(view.move()).append('\n');
        body.append("Score: ").append(view.scoreText()).append('\n');
        if (view.renewalDate() != null) {
            body.append("Renewal: ").append(view.renewalDate()).append('\n');
        }
        body.append("At: ").append(t.getTransitionedAt()).append('\n');
        body.append("\nWhy:\n");
        for (String reason : Text.firstOf(t.getReasons(), MAX_REASONS)) {
            body.append("- ").append(Text.oneLine(reason)).append('\n');
        }
        body.append("\nAccount: ").append(view.link()).append('\n');
        body.append("Transition id: ").append(Text.id(view.transitionId())).append('\n');
        return new ComposedMessage(subject, body.toString());
    }

    /** The email for an expansion signal a playbook acts on: the kind, the evidence, every reason, the link. */
    public ComposedMessage compose(ExpansionView view) {
        var e = view.signal();
        String name = Text.oneLine(view.accountName());
        String subject = Text.oneLine("[EXPANSION] " + name + ": " + e.getKind() + " (" + view.usersText()
                + ", score " + view.scoreText() + ")", 200);
        StringBuilder body = new StringBuilder();
        body.append("Expansion opportunity for ").append(name).append(" (").append(Text.id(e.getAccountId()))
                .append(")\n\n");
        body.append("Kind: ").append(e.getKind()).append('\n');
        body.append("Users: ").append(view.usersText()).append(" in the last ").append(e.getWindowDays())
                .append(" days\n");
        body.append("Score: ").append(view.scoreText()).append(", level ").append(e.getLevel()).append('\n');
        if (view.renewalDate() != null) {
            body.append("Renewal: ").append(view.renewalDate()).append('\n');
        }
        body.append("At: ").append(e.getDetectedAt()).append('\n');
        body.append("\nWhy:\n");
        for (String reason : Text.firstOf(e.getReasons(), MAX_REASONS)) {
            body.append("- ").append(Text.oneLine(reason)).append('\n');
        }
        body.append("\nAccount: ").append(view.link()).append('\n');
        body.append("Signal id: ").append(Text.id(view.signalKey())).append('\n');
        return new ComposedMessage(subject, body.toString());
    }
}
