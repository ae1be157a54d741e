package io.healthscore.scoring.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which users were active on which days of the window. Exact mode: a table of 32-bit user-id hashes, each with a
 * 64-bit ring of days (bit = epochDay mod 64; only the window's days are kept, so bits never alias), at most
 * {@code exactLimit} users. Beyond that the account switches to sketch mode: one HyperLogLog per day (1 KiB,
 * 3.3 % standard error), merged for multi-day counts. A user active on many days costs 12 bytes, not 8 per day.
 * The exact table is two parallel arrays sorted by hash (binary search to add, a flat loop to count), because every
 * evaluation counts over all users and a boxed map made that the scorer's most expensive step.
 */
public final class ActiveUsers {

    private static final int RING = 64;

    /** Exact mode: user hashes in ascending (signed) order, {@code users} of them used; null in sketch mode. */
    private int[] hashes;
    /** The day ring of each user in {@link #hashes}. */
    private long[] rings;
    private int users;
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
        if (exact != null) {
            hashes = new int[Math.max(8, exact.size())];
            rings = new long[hashes.length];
            for (Map.Entry<Integer, Long> user : exact.entrySet()) {
                hashes[users] = user.getKey();
                rings[users] = user.getValue();
                users++;
            }
        }
        this.sketches = sketches;
        this.latestDay = latestDay;
    }

    static ActiveUsers ofSketches(TreeMap<Long, HyperLogLog> sketches, long latestDay) {
        return new ActiveUsers(null, sketches, latestDay);
    }

    /** Exact mode: the number of users in the table. */
    int exactSize() {
        return users;
    }

    /** Exact mode: the i-th user's hash, in ascending order. */
    int exactHash(int i) {
        return hashes[i];
    }

    /** Exact mode: the i-th user's day ring. */
    long exactRing(int i) {
        return rings[i];
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
        long bit = bit(epochDay);
        long before;
        int at = Arrays.binarySearch(hashes, 0, users, hash);
        if (at >= 0) {
            before = rings[at];
            rings[at] = before | bit;
        } else {
            before = 0L;
            insert(-at - 1, hash, bit);
        }
        bitsInUse |= bit;
        if (users > exactLimit) {
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
        // Drops the bits outside the window and compacts away the users left with none, keeping the order.
        int kept = 0;
        for (int i = 0; i < users; i++) {
            long bits = rings[i] & keep;
            if (bits != 0L) {
                hashes[kept] = hashes[i];
                rings[kept] = bits;
                kept++;
            }
        }
        users = kept;
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
        long active = 0;
        for (int i = 0; i < users; i++) {
            if ((rings[i] & range) != 0) {
                active++;
            }
        }
        return active;
    }

    /**
     * {@link #distinct} of several windows [fromDays[i], toDays[i]] (each at most 64 days), in one pass over the
     * users when they are counted exactly.
     */
    public long[] distinct(long[] fromDays, long[] toDays) {
        long[] active = new long[fromDays.length];
        if (isSketch()) {
            for (int i = 0; i < active.length; i++) {
                active[i] = distinct(fromDays[i], toDays[i]);
            }
            return active;
        }
        long[] ranges = new long[fromDays.length];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = toDays[i] < fromDays[i] ? 0L
                    : mask(Math.max(fromDays[i], latestDay - RING + 1), Math.min(toDays[i], latestDay));
        }
        for (int u = 0; u < users; u++) {
            long bits = rings[u];
            for (int i = 0; i < ranges.length; i++) {
                if ((bits & ranges[i]) != 0) {
                    active[i]++;
                }
            }
        }
        return active;
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
        for (int i = 0; i < users; i++) {
            userDays += Long.bitCount(rings[i] & range);
        }
        return userDays;
    }

    public long onDay(long epochDay) {
        return distinct(epochDay, epochDay);
    }

    public boolean isSketch() {
        return hashes == null;
    }

    /** Exact mode: the table as a map (hash to day ring), in hash order; a copy. */
    Map<Integer, Long> exactTable() {
        TreeMap<Integer, Long> table = new TreeMap<>();
        for (int i = 0; i < users; i++) {
            table.put(hashes[i], rings[i]);
        }
        return table;
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
            for (int i = 0; i < users; i++) {
                if ((rings[i] & b) != 0) {
                    days.computeIfAbsent(day, d -> new HyperLogLog()).add(mix64(hashes[i]));
                }
            }
        }
        hashes = null;
        rings = null;
        users = 0;
        sketches = days;
    }

    private void insert(int at, int hash, long ring) {
        if (users == hashes.length) {
            hashes = Arrays.copyOf(hashes, users * 2);
            rings = Arrays.copyOf(rings, users * 2);
        }
        System.arraycopy(hashes, at, hashes, at + 1, users - at);
        System.arraycopy(rings, at, rings, at + 1, users - at);
        hashes[at] = hash;
        rings[at] = ring;
        users++;
    }

    private static long bit(long epochDay) {
        return 1L << Math.floorMod(epochDay, RING);
    }

    /** The ring bits of the days in [fromDay, toDay], at most {@link #RING} of them. */
    static long mask(long fromDay, long toDay) {
        if (toDay < fromDay) {
            return 0L;
        }
        long days = Math.min(toDay - fromDay + 1, RING);
        long run = days == RING ? -1L : (1L << days) - 1;
        return Long.rotateLeft(run, Math.floorMod(fromDay, RING));
    }

    /** FNV-1a over the UTF-8 bytes, folded to 32 bits; collisions among a few hundred users are negligible. */
    static int hash32(String userId) {
        long h = 0xcbf29ce484222325L;
        // An ASCII id is its own UTF-8: hash its chars without encoding a copy (most ids are ASCII).
        int n = userId.length();
        int i = 0;
        while (i < n && userId.charAt(i) < 0x80) {
            h ^= userId.charAt(i);
            h *= 0x100000001b3L;
            i++;
        }
        if (i == n) {
            return (int) (h ^ (h >>> 32));
        }
        h = 0xcbf29ce484222325L;
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
