package io.healthscore.alert.console;

import io.healthscore.alert.api.Actor;
import io.healthscore.alert.api.AlertInbox;
import io.healthscore.alert.api.ApiException;
import io.healthscore.alert.identity.ConsoleSession;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.Role;
import io.healthscore.alert.identity.Scope;
import io.healthscore.alert.store.AlertOutcome;
import io.healthscore.alert.store.Delivery;
import io.healthscore.alert.store.InboxAlert;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * "My open alerts" ({@code /console/inbox}) and what a CSM does there: acknowledge, snooze, assign, resolve with an
 * outcome and bulk acknowledge. Each action is a checked form (CSRF, signed in) running the API's own
 * {@link AlertInbox} transaction with the person's scope and audit name, then back to the inbox with a notice.
 */
@Controller("/console/inbox")
@ExecuteOn(TaskExecutors.BLOCKING)
public class InboxController {

    /** The finished actions whose notice ({@code notice.<done>}) the page shows. */
    static final java.util.Set<String> NOTICES = java.util.Set.of("acknowledged", "snoozed", "assigned", "resolved",
            "bulk");

    private final ConsoleWeb web;
    private final AlertInbox inbox;
    private final Clock clock;

    public InboxController(ConsoleWeb web, AlertInbox inbox, Clock clock) {
        this.web = web;
        this.inbox = inbox;
        this.clock = clock;
    }

    @Get
    public HttpResponse<?> page(HttpRequest<?> request, @Nullable @QueryValue String view,
                                @Nullable @QueryValue String done, @Nullable @QueryValue("page") String pageParam) {
        Optional<ConsoleSession> session = web.signedIn(request);
        if (session.isEmpty()) {
            return ConsoleWeb.toSignIn();
        }
        int page = pageNumber(pageParam);
        if (page < 1) {
            return web.error(HttpStatus.BAD_REQUEST, session.get(), "query.number", "page", 1, InboxPages.MAX_PAGE);
        }
        Person person = session.get().person();
        boolean lead = person.has(Role.LEAD);
        boolean team = lead && "team".equals(view);
        Actor actor = new Actor(person.email(), team ? Scope.of(person) : Scope.own(person));
        AlertInbox.InboxPage found = inbox.inboxPage(actor, (page - 1) * InboxPages.PAGE_SIZE, InboxPages.PAGE_SIZE);
        List<InboxAlert> alerts = found.alerts();
        Map<String, List<Delivery>> deliveries = inbox.deliveries(alerts);
        Instant now = clock.instant();
        Text text = web.text(session.get());
        List<InboxPages.Group> groups = new ArrayList<>();
        for (InboxAlert a : alerts) {
            String severity = a.alert().severity();
            if (groups.isEmpty() || !groups.getLast().severity().equals(severity)) {
                groups.add(new InboxPages.Group(severity, new ArrayList<>()));
            }
            groups.getLast().items().add(new InboxPages.Item(a, deliveries.getOrDefault(a.alert().alertId(),
                    List.of()), InboxPages.age(a.alert().raisedAt(), now, text)));
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return web.page(HttpStatus.OK, "inbox.jte", new InboxPages.Inbox(web.frame(text.t(team ? "inbox.team"
                : "inbox.mine"), session.get()), groups, found.total(), page, lead, team,
                done != null && NOTICES.contains(done) ? text.t("notice." + done) : null, today.plusDays(1).toString(),
                today.plusDays(AlertInbox.MAX_SNOOZE.toDays()).toString()));
    }

    /** The page asked for, 1 when none; -1 for anything that is not a page number. */
    static int pageNumber(@Nullable String raw) {
        if (raw == null) {
            return 1;
        }
        if (raw.isEmpty() || raw.length() > 5 || !raw.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return -1;
        }
        int page = Integer.parseInt(raw);
        return page >= 1 && page <= InboxPages.MAX_PAGE ? page : -1;
    }

    @Post("/alerts/{id}/ack")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> acknowledge(HttpRequest<?> request, @PathVariable String id, @Nullable @Body byte[] body) {
        return act(request, id, body, "acknowledged", (post, actor) -> inbox.acknowledge(id, actor));
    }

    @Post("/alerts/{id}/snooze")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> snooze(HttpRequest<?> request, @PathVariable String id, @Nullable @Body byte[] body) {
        return act(request, id, body, "snoozed", (post, actor) -> {
            String raw = post.form().get("until");
            LocalDate date;
            try {
                date = LocalDate.parse(raw == null ? "" : raw.strip());
            } catch (DateTimeParseException e) {
                throw new Refusal("inbox.snoozeDate");
            }
            if (date.getYear() > 2200) {
                throw new Refusal("inbox.snoozeMax", AlertInbox.MAX_SNOOZE.toDays());
            }
            inbox.snooze(id, date.atStartOfDay(ZoneOffset.UTC).toInstant(), post.form().get("reason"), actor);
        });
    }

    @Post("/alerts/{id}/assign")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> assign(HttpRequest<?> request, @PathVariable String id, @Nullable @Body byte[] body) {
        return act(request, id, body, "assigned", (post, actor) -> {
            String to = post.form().get("to");
            inbox.assign(id, to == null ? "" : to, actor);
        });
    }

    @Post("/alerts/{id}/resolve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> resolve(HttpRequest<?> request, @PathVariable String id, @Nullable @Body byte[] body) {
        return act(request, id, body, "resolved", (post, actor) -> {
            String raw = post.form().get("outcome");
            AlertOutcome.Kind outcome;
            try {
                outcome = raw == null || raw.isBlank() ? null
                        : AlertOutcome.Kind.valueOf(raw.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Refusal("inbox.outcome");
            }
            inbox.resolve(id, outcome, post.form().get("note"), actor);
        });
    }

    /** Bulk acknowledge: the checked alerts ({@code id}, at most {@value AlertInbox#MAX_BULK}), all or none. */
    @Post("/ack")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> acknowledgeAll(HttpRequest<?> request, @Nullable @Body byte[] body) {
        ConsoleWeb.Post post = web.checkedBulkPost(request, body, "id", AlertInbox.MAX_BULK);
        if (post.refused()) {
            return post.refusal();
        }
        List<String> ids = post.form().all();
        if (ids.isEmpty() || !ids.stream().allMatch(ConsoleWeb::printableId)) {
            return web.error(HttpStatus.BAD_REQUEST, post.session(), "inbox.tickOne");
        }
        try {
            inbox.acknowledgeAll(ids, ConsoleAccounts.actor(post.session().person()));
            return ConsoleWeb.redirect("/console/inbox?done=bulk");
        } catch (ApiException e) {
            return web.alertRefused(e, post.session());
        }
    }

    private interface Action {
        void run(ConsoleWeb.Post post, Actor actor);
    }

    private HttpResponse<?> act(HttpRequest<?> request, String id, @Nullable byte[] body, String done, Action action) {
        ConsoleWeb.Post post = web.checkedPost(request, body);
        if (post.refused()) {
            return post.refusal();
        }
        if (!ConsoleWeb.printableId(id)) {
            return web.error(HttpStatus.BAD_REQUEST, post.session(), "alert.badId");
        }
        try {
            action.run(post, ConsoleAccounts.actor(post.session().person()));
            return ConsoleWeb.redirect("/console/inbox?done=" + done);
        } catch (ApiException e) {
            return web.alertRefused(e, post.session());
        } catch (Refusal r) {
            return web.refused(HttpStatus.BAD_REQUEST, post.session(), r);
        }
    }
}
