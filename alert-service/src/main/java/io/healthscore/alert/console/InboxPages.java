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
    public record Inbox(Frame frame, List<Group> groups, long total, int page, boolean lead, boolean team,
                        @Nullable String notice, String snoozeMin, String snoozeMax) {

        public int pages() {
            return Pages.pageCount(total, PAGE_SIZE);
        }

        public List<Integer> pageLinks() {
            return Pages.pageLinks(page, pages());
        }

        public String pageLink(int p) {
            return "/console/inbox?" + (team ? "view=team&" : "") + "page=" + p;
        }
    }

    /** Alerts per inbox page. */
    public static final int PAGE_SIZE = 50;
    /** The last page a query may ask for: 500,000 alerts. */
    public static final int MAX_PAGE = 10_000;

    public record Group(String severity, List<Item> items) {
    }

    public record Item(InboxAlert alert, List<Delivery> deliveries, String age) {
    }

    /** How long ago, in the largest whole unit: "3 d ago", "5 h ago", "12 min ago" (in {@code text}'s words). */
    public static String age(Instant raised, Instant now, Text text) {
        Duration d = Duration.between(raised, now);
        if (d.isNegative()) {
            return text.t("age.now");
        }
        if (d.toDays() > 0) {
            return text.t("age.days", d.toDays());
        }
        if (d.toHours() > 0) {
            return text.t("age.hours", d.toHours());
        }
        return text.t("age.minutes", Math.max(1, d.toMinutes()));
    }
}
