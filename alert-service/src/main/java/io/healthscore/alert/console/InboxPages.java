package io.healthscore.alert.console;

import io.healthscore.alert.console.Pages.Frame;
import io.healthscore.alert.store.Delivery;
import io.healthscore.alert.store.InboxAlert;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The inbox page's model and view helpers. */
public final class InboxPages {

    private InboxPages() {
    }

    /** "My open alerts": the alerts grouped by severity (IMMINENT first), each with its deliveries. */
    public record Inbox(Frame frame, List<Group> groups, int total, boolean lead, boolean team,
                        @Nullable String notice, String snoozeMin, String snoozeMax) {
    }

    public record Group(String severity, List<Item> items) {
    }

    public record Item(InboxAlert alert, List<Delivery> deliveries, String age) {
    }

    /** How long ago, in the largest whole unit: "3 d", "5 h", "12 min". */
    public static String age(Instant raised, Instant now) {
        Duration d = Duration.between(raised, now);
        if (d.isNegative()) {
            return "just now";
        }
        if (d.toDays() > 0) {
            return d.toDays() + " d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h";
        }
        return Math.max(1, d.toMinutes()) + " min";
    }
}
