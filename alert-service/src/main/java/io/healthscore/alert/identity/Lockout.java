package io.healthscore.alert.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Failed sign-ins per user name (case-folded): {@code failures} within {@code window} lock the name for
 * {@code duration}. At most {@code tracked} names are remembered, least recently failed dropped first, but a name
 * that is locked is never dropped, so a flood of made-up names cannot unlock a real one.
 */
public final class Lockout {

    private static final class Entry {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil = Instant.MIN;
    }

    private final int maxFailures;
    private final Duration window;
    private final Duration duration;
    private final int tracked;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    public Lockout(int maxFailures, Duration window, Duration duration, int tracked, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.duration = duration;
        this.tracked = tracked;
        this.clock = clock;
    }

    public synchronized boolean locked(String user) {
        Entry e = entries.get(key(user));
        return e != null && clock.instant().isBefore(e.lockedUntil);
    }

    public synchronized void failed(String user) {
        Instant now = clock.instant();
        Entry e = entries.computeIfAbsent(key(user), k -> new Entry());
        e.failures.addLast(now);
        while (!e.failures.isEmpty() && !e.failures.peekFirst().isAfter(now.minus(window))) {
            e.failures.removeFirst();
        }
        if (e.failures.size() >= maxFailures) {
            e.lockedUntil = now.plus(duration);
            e.failures.clear();
        }
        evict(now);
    }

    public synchronized void succeeded(String user) {
        entries.remove(key(user));
    }

    synchronized int size() {
        return entries.size();
    }

    private void evict(Instant now) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (entries.size() > tracked && it.hasNext()) {
            if (!now.isBefore(it.next().getValue().lockedUntil)) {
                it.remove();
            }
        }
    }

    private static String key(String user) {
        return user.strip().toLowerCase(Locale.ROOT);
    }
}
