package io.healthscore.backtest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.TicketPriority;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.backtest.mapping.ProfileMapping.ProfileField;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * Applies an {@link EventMapping} to the records of one log, in log order: finds the account and event time,
 * notes churn records, replays profile facts when they change, a LOGIN at each new session, and the first matching
 * rule's event or signal. Every record is accounted for in {@link MappingStats}; a record that cannot be mapped is
 * counted with its file, line and rule, never silently dropped. Not thread-safe (one log, one pass).
 */
public final class RecordMapper {

    /** Where mapped inputs go, in log order. */
    public interface Sink {
        void accept(SpecificRecord input);
    }

    private static final String SOURCE = "backtest";
    private static final int MAX_KEY_LENGTH = 200;
    private static final long EARLIEST = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    private static final long LATEST = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    private final EventMapping mapping;
    private final String fileName;
    private final MappingStats stats = new MappingStats();
    private final List<FieldPath> describing;
    private final Map<String, Long> churnedAt = new HashMap<>();
    private final Map<String, List<Long>> upgradedAt = new HashMap<>();
    private final Map<String, String> lastSession = new HashMap<>();
    private final Map<String, String[]> lastProfile = new HashMap<>();
    private long firstTime = Long.MAX_VALUE;
    private long lastTime = Long.MIN_VALUE;

    public RecordMapper(EventMapping mapping, String fileName) {
        this.mapping = mapping;
        this.fileName = fileName;
        this.describing = mapping.describingFields();
        stats.registerRules(mapping.rules());
    }

    /** Maps one record (line numbers are 1-based) and hands what it yields to {@code sink}. */
    public void map(long line, JsonNode record, Sink sink) {
        stats.countRecord();
        String account = mapping.account().text(record);
        if (account == null || account.isBlank()) {
            stats.countWithoutAccount();
            return;
        }
        if (account.length() > MAX_KEY_LENGTH) {
            stats.problem("account key too long", where(line) + ": field '" + mapping.account() + "' is longer than "
                    + MAX_KEY_LENGTH + " characters");
            return;
        }
        long time;
        try {
            time = mapping.time().epochMillis(record);
        } catch (RecordProblem e) {
            stats.problem("unreadable event time", where(line) + ": " + e.getMessage());
            return;
        }
        if (time < EARLIEST || time > LATEST) {
            stats.problem("event time out of range", where(line) + ": field '" + mapping.time().field()
                    + "' gives " + Instant.ofEpochMilli(time) + ", outside 2000..2100 (wrong time format?)");
            return;
        }
        firstTime = Math.min(firstTime, time);
        lastTime = Math.max(lastTime, time);
        if (mapping.churn() != null && mapping.churn().test(record)) {
            stats.countChurnRecord();
            churnedAt.putIfAbsent(account, time);
            return;
        }
        if (mapping.upgrade() != null && mapping.upgrade().test(record)) {
            // An upgrade is noted and otherwise mapped like any record: the page is still a page the user saw.
            stats.countUpgradeRecord();
            upgradedAt.computeIfAbsent(account, a -> new ArrayList<>()).add(time);
        }
        profile(line, account, time, record, sink);
        String user = mapping.user() == null ? null : mapping.user().text(record);
        if (user != null && (user.isBlank() || user.length() > MAX_KEY_LENGTH)) {
            user = null;
        }
        sessionLogin(line, account, user, time, record, sink);
        for (MappingRule rule : mapping.rules()) {
            if (rule.when().test(record)) {
                stats.matched(rule);
                emit(line, rule, account, user, time, record, sink);
                return;
            }
        }
        stats.unmatched(signature(record));
    }

    private void sessionLogin(long line, String account, String user, long time, JsonNode record, Sink sink) {
        if (mapping.session() == null) {
            return;
        }
        String session = mapping.session().text(record);
        if (session == null || session.equals(lastSession.get(account))) {
            return;
        }
        lastSession.put(account, session);
        stats.countSessionLogin();
        sink.accept(usage(line + "-login", account, user, UsageEventType.LOGIN, time).build());
    }

    private void emit(long line, MappingRule rule, String account, String user, long time, JsonNode record, Sink sink) {
        try {
            switch (rule.emit()) {
                case Emission.Ignore ignore -> {
                }
                case Emission.Usage u -> {
                    UsageEvent.Builder event = usage(String.valueOf(line), account, user, u.type(), time);
                    if (u.feature() != null) {
                        event.setFeature(bounded(render(u.feature(), record), "feature"));
                    }
                    if (u.step() != null) {
                        event.setOnboardingStep(bounded(render(u.step(), record), "step"));
                    }
                    sink.accept(event.build());
                    stats.countUsageEvent();
                }
                case Emission.Signal s -> {
                    sink.accept(signal(line, s, account, user, time, record));
                    stats.countSignal();
                }
            }
        } catch (RecordProblem e) {
            stats.problem("rule could not be applied", where(line) + ", " + rule.label() + ": " + e.getMessage());
        }
    }

    private AccountSignal signal(long line, Emission.Signal s, String account, String user, long time, JsonNode record)
            throws RecordProblem {
        Instant at = Instant.ofEpochMilli(time);
        AccountSignal.Builder signal = AccountSignal.newBuilder().setMessageId(String.valueOf(line))
                .setAccountId(account).setType(s.type()).setUserId(user).setOccurredAt(at).setReceivedAt(at)
                .setSource(SOURCE);
        if (s.nps() != null) {
            String text = render(s.nps(), record);
            Integer nps = MappingLoader.parseNps(text);
            if (nps == null) {
                throw new RecordProblem("field 'nps': expected a whole number 0..10, got '" + text + "'");
            }
            signal.setNpsScore(nps);
        }
        if (s.type() == SignalType.SUPPORT_TICKET_OPENED || s.type() == SignalType.SUPPORT_TICKET_CLOSED) {
            signal.setTicketId(bounded(s.ticket() == null ? "line-" + line : render(s.ticket(), record), "ticket"));
            TicketPriority priority = TicketPriority.NORMAL;
            if (s.priority() != null) {
                String text = render(s.priority(), record);
                priority = MappingLoader.parsePriority(text);
                if (priority == null) {
                    throw new RecordProblem("field 'priority': unknown priority '" + text + "'; expected one of "
                            + Arrays.toString(TicketPriority.values()));
                }
            }
            signal.setTicketPriority(priority);
        }
        return signal.build();
    }

    private static String render(Template template, JsonNode record) throws RecordProblem {
        String value = template.render(record);
        if (value == null) {
            throw new RecordProblem("field '" + template.missingField(record) + "' (used in '" + template
                    + "') is missing");
        }
        return value;
    }

    private static String bounded(String value, String what) throws RecordProblem {
        if (value.isBlank() || value.length() > MAX_KEY_LENGTH) {
            throw new RecordProblem(what + " '" + value + "' must be 1.." + MAX_KEY_LENGTH + " characters");
        }
        return value;
    }

    private static UsageEvent.Builder usage(String messageId, String account, String user, UsageEventType type, long time) {
        Instant at = Instant.ofEpochMilli(time);
        return UsageEvent.newBuilder().setMessageId(messageId).setAccountId(account).setUserId(user).setType(type)
                .setOccurredAt(at).setReceivedAt(at).setSource(SOURCE);
    }

    private void profile(long line, String account, long time, JsonNode record, Sink sink) {
        ProfileMapping profile = mapping.profile();
        if (profile == null || (profile.when() != null && !profile.when().test(record))) {
            return;
        }
        String[] previous = lastProfile.get(account);
        String[] facts = previous == null ? new String[ProfileField.values().length] : previous.clone();
        boolean any = false;
        for (Map.Entry<ProfileField, FieldPath> entry : profile.fields().entrySet()) {
            String value = entry.getValue().text(record);
            if (value != null && !value.isBlank()) {
                facts[entry.getKey().ordinal()] = value.trim();
                any = true;
            }
        }
        if (!any || Arrays.equals(facts, previous)) {
            return;
        }
        AccountProfile.Builder update = AccountProfile.newBuilder().setAccountId(account)
                .setUpdatedAt(Instant.ofEpochMilli(time)).setSource(SOURCE);
        try {
            fill(update, facts);
        } catch (RecordProblem e) {
            stats.problem("unreadable profile fact", where(line) + ", profile: " + e.getMessage());
            return;
        }
        lastProfile.put(account, facts);
        stats.countProfileUpdate();
        sink.accept(update.build());
    }

    private void fill(AccountProfile.Builder update, String[] facts) throws RecordProblem {
        Map<ProfileField, FieldPath> fields = mapping.profile().fields();
        for (ProfileField f : ProfileField.values()) {
            String value = facts[f.ordinal()];
            if (value == null) {
                continue;
            }
            switch (f) {
                case PLAN -> update.setPlan(bounded(value, "plan"));
                case SEGMENT -> update.setSegment(bounded(value, "segment"));
                case CSM_OWNER -> update.setCsmOwnerEmail(bounded(value, "csmOwner"));
                case SEATS -> update.setSeats(seats(fields.get(f), value));
                case RENEWAL_DATE -> update.setRenewalDate(date(fields.get(f), value));
                case COVERAGE_MODEL -> update.setCoverageModel(coverage(fields.get(f), value));
            }
        }
    }

    private static int seats(FieldPath field, String value) throws RecordProblem {
        try {
            int seats = (int) Double.parseDouble(value);
            if (seats >= 1) {
                return seats;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RecordProblem("field '" + field + "' (seats): expected a whole number of at least 1, got '" + value + "'");
    }

    private static LocalDate date(FieldPath field, String value) throws RecordProblem {
        try {
            if (value.length() >= 10 && value.charAt(4) == '-') {
                return LocalDate.parse(value.substring(0, 10));
            }
            long millis = Long.parseLong(value);
            return Instant.ofEpochMilli(millis < 100_000_000_000L ? millis * 1000 : millis).atZone(ZoneOffset.UTC)
                    .toLocalDate();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new RecordProblem("field '" + field + "' (renewalDate): expected a date (YYYY-MM-DD) or epoch time, got '"
                    + value + "'");
        }
    }

    private static CoverageModel coverage(FieldPath field, String value) throws RecordProblem {
        try {
            return CoverageModel.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new RecordProblem("field '" + field + "' (coverageModel): expected one of "
                    + Arrays.toString(CoverageModel.values()) + ", got '" + value + "'");
        }
    }

    private String signature(JsonNode record) {
        if (describing.isEmpty()) {
            return "(no rule fields)";
        }
        StringBuilder s = new StringBuilder();
        for (FieldPath f : describing) {
            if (!s.isEmpty()) {
                s.append(", ");
            }
            String v = f.text(record);
            v = v == null ? "(missing)" : v.length() > 60 ? v.substring(0, 60) + "..." : v;
            s.append(f.path()).append('=').append(v);
        }
        return s.toString();
    }

    private String where(long line) {
        return fileName + " line " + line;
    }

    public MappingStats stats() {
        return stats;
    }

    /** Every upgrade record's time per account (from the mapping's upgrade rule), in log order. */
    public Map<String, List<Long>> upgradedAt() {
        Map<String, List<Long>> copy = new HashMap<>();
        upgradedAt.forEach((account, times) -> copy.put(account, List.copyOf(times)));
        return copy;
    }

    /** The first churn record's time per account (from the mapping's churn rule). */
    /** Churn time per account, in account order, so that everything derived from it comes out in the same order. */
    public Map<String, Long> churnedAt() {
        return Collections.unmodifiableMap(new TreeMap<>(churnedAt));
    }

    public long firstTime() {
        return firstTime;
    }

    public long lastTime() {
        return lastTime;
    }

    @Override
    public String toString() {
        return "RecordMapper[" + Objects.toString(mapping.name()) + "]";
    }
}
