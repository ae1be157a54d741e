package io.healthscore.scoring.state;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.avro.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary encoding of {@link AccountState} for the state store and its changelog: a format version
 * byte, then the fields in a fixed order (enum symbols as their {@link StateCodes}, never ordinals; absent values
 * as -1 or a flag). Active users are a table of 32-bit user hashes with a 64-bit ring of days each, or per-day
 * 1 KiB sketches beyond the exact limit. A new field means a new format version that still reads the old one:
 * format 2 appends the cumulative event count; a format-1 record (written before the count existed) starts it at
 * the events of the daily buckets it holds, the most that is still known about the account's past. Every format
 * ever written has golden states in {@code src/test/resources/state-formats/} that must keep reading.
 */
public final class AccountStateSerde implements Serde<AccountState> {

    private static final byte FORMAT = 2;
    private static final byte FORMAT_WITHOUT_EVENT_COUNT = 1;
    /** Stored instead of a code for an absent enum value (no coverage model, no level yet). */
    private static final int ABSENT = -1;

    @Override
    public Serializer<AccountState> serializer() {
        return (topic, state) -> state == null ? null : encode(state);
    }

    @Override
    public Deserializer<AccountState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    public static byte[] encode(AccountState s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeString(out, s.profile.segment);
            out.writeByte(s.profile.coverageModel == null ? ABSENT : StateCodes.COVERAGE_MODEL.code(s.profile.coverageModel));
            writeString(out, s.profile.csmOwnerEmail);
            out.writeInt(s.profile.renewalDate == null ? Integer.MIN_VALUE : (int) s.profile.renewalDate.toEpochDay());
            out.writeInt(s.profile.seats == null ? -1 : s.profile.seats);
            out.writeLong(s.profile.updatedAt);

            out.writeShort(s.usage.days.size());
            for (Map.Entry<Long, DayBucket> e : s.usage.days.entrySet()) {
                DayBucket b = e.getValue();
                out.writeInt(e.getKey().intValue());
                out.writeInt(b.logins);
                out.writeInt(b.events);
                writeStrings(out, b.keyFeatures);
            }
            ActiveUsers users = s.usage.activeUsers;
            out.writeLong(users.latestDay());
            if (!users.isSketch()) {
                out.writeByte(0);
                out.writeShort(users.exactSize());
                for (int i = 0; i < users.exactSize(); i++) {
                    out.writeInt(users.exactHash(i));
                    out.writeLong(users.exactRing(i));
                }
            } else {
                out.writeByte(1);
                out.writeShort(users.sketches().size());
                for (Map.Entry<Long, HyperLogLog> e : users.sketches().entrySet()) {
                    out.writeInt(e.getKey().intValue());
                    out.write(e.getValue().registers());
                }
            }
            writeStrings(out, s.usage.onboardingSteps);
            out.writeLong(s.usage.firstUsageAt);
            out.writeLong(s.usage.lastLoginAt);

            out.writeByte(s.signals.npsScore);
            out.writeLong(s.signals.npsAt);
            out.writeBoolean(s.signals.ticketsSeen);
            out.writeShort(s.signals.openTickets.size());
            for (Map.Entry<String, Long> e : s.signals.openTickets.entrySet()) {
                writeString(out, e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeBoolean(s.signals.paymentsSeen);
            out.writeShort(s.signals.failedPayments.size());
            for (long at : s.signals.failedPayments) {
                out.writeLong(at);
            }

            out.writeDouble(s.published.score);
            out.writeByte(s.published.level == null ? ABSENT : StateCodes.HEALTH_LEVEL.code(s.published.level));
            writeString(out, s.published.modelVersion);
            out.writeByte(s.published.components.size());
            for (Map.Entry<ScoreComponent, Double> e : s.published.components.entrySet()) {
                out.writeByte(StateCodes.SCORE_COMPONENT.code(e.getKey()));
                out.writeDouble(e.getValue());
            }
            out.writeByte(s.dailyScores.byDay.size());
            for (Map.Entry<Long, Double> e : s.dailyScores.byDay.entrySet()) {
                out.writeInt(e.getKey().intValue());
                out.writeFloat(e.getValue().floatValue());
            }
            out.writeByte(s.alerts.size());
            for (Map.Entry<AlertRule, AlertMemory> e : s.alerts.entrySet()) {
                out.writeByte(StateCodes.ALERT_RULE.code(e.getKey()));
                out.writeByte(StateCodes.SEVERITY.code(e.getValue().severity()));
                out.writeLong(e.getValue().windowStartMillis());
            }
            out.writeByte(s.published.reasons.size());
            for (String reason : s.published.reasons) {
                out.writeUTF(reason);
            }
            out.writeByte(s.published.recentLevelChanges.size());
            for (LevelChange change : s.published.recentLevelChanges) {
                out.writeByte(StateCodes.HEALTH_LEVEL.code(change.from()));
                out.writeByte(StateCodes.HEALTH_LEVEL.code(change.to()));
                out.writeFloat((float) change.score());
                out.writeLong(change.atMillis());
            }
            out.writeLong(s.published.publishedAt);
            out.writeLong(s.usage.eventsCounted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Brings {@code s} in place to what {@code decode(encode(s))} reads back, without the bytes: the format keeps
     * every field exactly except the daily scores and the scores of the level changes, which it stores as floats.
     * (The active users' note of the ring bits in use is not stored and need not be: any superset of the bits in
     * use gives the same results, and the live one is one.)
     * For a replay that keeps its states decoded and must still see, wherever the topology reads an account from its
     * store, the state the store would have returned. {@code AccountStateSerdeTest} holds it to the round trip.
     */
    public static AccountState asStored(AccountState s) {
        s.dailyScores.byDay.replaceAll((day, score) -> (double) score.floatValue());
        s.published.recentLevelChanges.replaceAll(c -> new LevelChange(c.from(), c.to(), (float) c.score(), c.atMillis()));
        return s;
    }

    public static AccountState decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] != FORMAT && bytes[0] != FORMAT_WITHOUT_EVENT_COUNT) {
            throw new SerializationException("Unknown account state format " + bytes[0] + ": this version reads "
                    + "formats " + FORMAT_WITHOUT_EVENT_COUNT + " and " + FORMAT + " (written by a newer version?)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            AccountState s = new AccountState();
            s.profile.segment = readString(in);
            int coverage = in.readByte();
            s.profile.coverageModel = coverage == ABSENT ? null : StateCodes.COVERAGE_MODEL.symbol("coverageModel", coverage);
            s.profile.csmOwnerEmail = readString(in);
            int renewal = in.readInt();
            s.profile.renewalDate = renewal == Integer.MIN_VALUE ? null : LocalDate.ofEpochDay(renewal);
            int seats = in.readInt();
            s.profile.seats = seats < 0 ? null : seats;
            s.profile.updatedAt = in.readLong();

            int days = in.readUnsignedShort();
            for (int i = 0; i < days; i++) {
                long day = in.readInt();
                int logins = in.readInt();
                int events = in.readInt();
                s.usage.days.put(day, new DayBucket(logins, events, readStrings(in)));
            }
            long latestDay = in.readLong();
            if (in.readByte() == 0) {
                int n = in.readUnsignedShort();
                TreeMap<Integer, Long> table = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    table.put(in.readInt(), in.readLong());
                }
                s.usage.activeUsers = new ActiveUsers(table, null, latestDay);
            } else {
                int n = in.readUnsignedShort();
                TreeMap<Long, HyperLogLog> sketches = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    long day = in.readInt();
                    byte[] registers = new byte[HyperLogLog.REGISTERS];
                    in.readFully(registers);
                    sketches.put(day, new HyperLogLog(registers));
                }
                s.usage.activeUsers = ActiveUsers.ofSketches(sketches, latestDay);
            }
            s.usage.onboardingSteps.addAll(readStrings(in));
            s.usage.firstUsageAt = in.readLong();
            s.usage.lastLoginAt = in.readLong();

            s.signals.npsScore = in.readByte();
            s.signals.npsAt = in.readLong();
            s.signals.ticketsSeen = in.readBoolean();
            int tickets = in.readUnsignedShort();
            for (int i = 0; i < tickets; i++) {
                s.signals.openTickets.put(readString(in), in.readLong());
            }
            s.signals.paymentsSeen = in.readBoolean();
            int payments = in.readUnsignedShort();
            for (int i = 0; i < payments; i++) {
                s.signals.failedPayments.add(in.readLong());
            }

            s.published.score = in.readDouble();
            int level = in.readByte();
            s.published.level = level == ABSENT ? null : StateCodes.HEALTH_LEVEL.symbol("lastLevel", level);
            s.published.modelVersion = readString(in);
            int components = in.readUnsignedByte();
            for (int i = 0; i < components; i++) {
                s.published.components.put(StateCodes.SCORE_COMPONENT.symbol("lastComponents[" + i + "]", in.readByte()),
                        in.readDouble());
            }
            int history = in.readUnsignedByte();
            for (int i = 0; i < history; i++) {
                s.dailyScores.byDay.put((long) in.readInt(), (double) in.readFloat());
            }
            int alerts = in.readUnsignedByte();
            for (int i = 0; i < alerts; i++) {
                AlertRule rule = StateCodes.ALERT_RULE.symbol("alerts[" + i + "].rule", in.readByte());
                Severity severity = StateCodes.SEVERITY.symbol("alerts[" + i + "].severity", in.readByte());
                s.alerts.put(rule, new AlertMemory(severity, in.readLong()));
            }
            int reasons = in.readUnsignedByte();
            for (int i = 0; i < reasons; i++) {
                s.published.reasons.add(in.readUTF());
            }
            int changes = in.readUnsignedByte();
            for (int i = 0; i < changes; i++) {
                HealthLevel from = StateCodes.HEALTH_LEVEL.symbol("recentLevelChanges[" + i + "].from", in.readByte());
                HealthLevel to = StateCodes.HEALTH_LEVEL.symbol("recentLevelChanges[" + i + "].to", in.readByte());
                s.published.recentLevelChanges.add(new LevelChange(from, to, in.readFloat(), in.readLong()));
            }
            s.published.publishedAt = in.readLong();
            s.usage.eventsCounted = format == FORMAT_WITHOUT_EVENT_COUNT
                    ? s.usage.days.values().stream().mapToLong(DayBucket::events).sum()
                    : in.readLong();
            return s;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot read account state (" + bytes.length + " bytes): " + e, e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeStrings(DataOutputStream out, TreeSet<String> values) throws IOException {
        out.writeShort(values.size());
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    private static TreeSet<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        TreeSet<String> values = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            values.add(in.readUTF());
        }
        return values;
    }
}
