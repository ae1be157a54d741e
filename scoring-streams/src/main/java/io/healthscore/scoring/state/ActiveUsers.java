package io.healthscore.scoring.state;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which users were active on which days of the window. Exact mode: a table of 32-bit user-id hashes, each with a
 * 64-bit ring of days (bit = epochDay mod 64; only the window's days are kept, so bits never alias), at most
 * {@code exactLimit} users. Beyond that the account switches to sketch mode: one HyperLogLog per day (1 KiB,
 * 3.3 % standard error), merged for multi-day counts. A user active on many days costs 12 bytes, not 8 per day.
 */
public final class ActiveUsers {

    private static final int RING = 64;

    private TreeMap<Integer, Long> exact;
    private TreeMap<Long, HyperLogLog> sketches;
    private long latestDay;
    /**
     * Ring bits that some user of the exact table may have set: every user's bits lie within it (all bits when
     * not known, e.g. after decoding), so a retain that keeps all of them has nothing to do.
     */
    private long bitsInUse = -1L;

    ActiveUsers() {
        this(new TreeMap<>(), null, Long.MIN_VALUE);
    }

    ActiveUsers(TreeMap<Integer, Long> exact, TreeMap<Long, HyperLogLog> sketches, long latestDay) {
        this.exact = exact;
        this.sketches = sketches;
        this.latestDay = latestDay;
    }

    static ActiveUsers ofSketches(TreeMap<Long, HyperLogLog> sketches, long latestDay) {
        return new ActiveUsers(null, sketches, latestDay);
    }

    /** @return whether the user was not yet counted as active on that day (always true in sketch mode) */
    boolean add(String userId, long epochDay, int windowDays, int exactLimit) {
        int hash = hash32(userId);
        boolean newDay = epochDay > latestDay;
        if (newDay) {
            // A new day: first forget the days that left the window, so the ring bit can be reused.
            latestDay = epochDay;
            retain(epochDay - windowDays + 1, epochDay);
        }
        if (isSketch()) {
            sketches.computeIfAbsent(epochDay, d -> new HyperLogLog()).add(mix64(hash));
            return true;
        }
        long before = exact.getOrDefault(hash, 0L);
        long bit = bit(epochDay);
        exact.put(hash, before | bit);
        bitsInUse |= bit;
        if (exact.size() > exactLimit) {
            toSketches();
            return true;
        }
        return newDay || (before & bit) == 0;
    }

    /** Keeps only the days in [fromDay, toDay]. */
    void retain(long fromDay, long toDay) {
        if (isSketch()) {
            sketches.headMap(fromDay).clear();
            sketches.tailMap(toDay, false).clear();
            return;
        }
        long keep = mask(fromDay, toDay);
        if ((bitsInUse & ~keep) == 0L) {
            return;
        }
        // As replaceAll(bits & keep) then removeIf(0), without rewriting the entries that keep all their days.
        for (Iterator<Map.Entry<Integer, Long>> it = exact.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Long> user = it.next();
            long bits = user.getValue();
            long kept = bits & keep;
            if (kept == 0L) {
                it.remove();
            } else if (kept != bits) {
                user.setValue(kept);
            }
        }
        bitsInUse = keep;
    }

    /** Distinct users active on any day in [fromDay, toDay] (at most 64 days). */
    public long distinct(long fromDay, long toDay) {
        if (toDay < fromDay) {
            return 0;
        }
        if (isSketch()) {
            HyperLogLog merged = new HyperLogLog();
            sketches.subMap(fromDay, true, toDay, true).values().forEach(merged::merge);
            return merged.estimate();
        }
        long range = mask(Math.max(fromDay, latestDay - RING + 1), Math.min(toDay, latestDay));
        long users = 0;
        for (long bits : exact.values()) {
            if ((bits & range) != 0) {
                users++;
            }
        }
        return users;
    }

    /**
     * {@link #distinct} of several windows [fromDays[i], toDays[i]] (each at most 64 days), in one pass over the
     * users when they are counted exactly.
     */
    public long[] distinct(long[] fromDays, long[] toDays) {
        long[] users = new long[fromDays.length];
        if (isSketch()) {
            for (int i = 0; i < users.length; i++) {
                users[i] = distinct(fromDays[i], toDays[i]);
            }
            return users;
        }
        long[] ranges = new long[fromDays.length];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = toDays[i] < fromDays[i] ? 0L
                    : mask(Math.max(fromDays[i], latestDay - RING + 1), Math.min(toDays[i], latestDay));
        }
        for (long bits : exact.values()) {
            for (int i = 0; i < ranges.length; i++) {
                if ((bits & ranges[i]) != 0) {
                    users[i]++;
                }
            }
        }
        return users;
    }

    /** Active user-days in [fromDay, toDay]: the sum over those days of the users active on each. */
    public long userDays(long fromDay, long toDay) {
        if (toDay < fromDay) {
            return 0;
        }
        if (isSketch()) {
            long userDays = 0;
            for (HyperLogLog day : sketches.subMap(fromDay, true, toDay, true).values()) {
                userDays += day.estimate();
            }
            return userDays;
        }
        long range = mask(Math.max(fromDay, latestDay - RING + 1), Math.min(toDay, latestDay));
        long userDays = 0;
        for (long bits : exact.values()) {
            userDays += Long.bitCount(bits & range);
        }
        return userDays;
    }

    public long onDay(long epochDay) {
        return distinct(epochDay, epochDay);
    }

    public boolean isSketch() {
        return exact == null;
    }

    Map<Integer, Long> exactTable() {
        return exact;
    }

    TreeMap<Long, HyperLogLog> sketches() {
        return sketches;
    }

    long latestDay() {
        return latestDay;
    }

    private void toSketches() {
        TreeMap<Long, HyperLogLog> days = new TreeMap<>();
        for (long day = latestDay - RING + 1; day <= latestDay; day++) {
            long b = bit(day);
            for (Map.Entry<Integer, Long> user : exact.entrySet()) {
                if ((user.getValue() & b) != 0) {
                    days.computeIfAbsent(day, d -> new HyperLogLog()).add(mix64(user.getKey()));
                }
            }
        }
        exact = null;
        sketches = days;
    }

    private static long bit(long epochDay) {
        return 1L << Math.floorMod(epochDay, RING);
    }

    private static long mask(long fromDay, long toDay) {
        long mask = 0;
        for (long day = fromDay; day <= toDay && day < fromDay + RING; day++) {
            mask |= bit(day);
        }
        return mask;
    }

    /** FNV-1a over the UTF-8 bytes, folded to 32 bits; collisions among a few hundred users are negligible. */
    static int hash32(String userId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : userId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return (int) (h ^ (h >>> 32));
    }

    /** A 64-bit finaliser (MurmurHash3 fmix64) so the sketch's register index bits are well mixed. */
    static long mix64(int hash) {
        long h = hash & 0xffffffffL;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
