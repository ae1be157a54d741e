package io.healthscore.backtest.replay;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The message-id store in memory, with the visibility of the topology's segmented window store: a put whose
 * segment is older than the segment of (observed stream time - retention) is dropped, a fetch sees no record older
 * than observed stream time - retention + 1, and the observed time is the latest time put. Records that no fetch
 * can see any more are forgotten as time goes, which bounds the memory as the real store's dropped segments do.
 */
final class SeenWindowStore implements WindowStore<String, Long> {

    private static final long NO_TIME = -1;

    private final String name;
    private final long retention;
    private final long segmentInterval;
    /** Per key: window start and value pairs, in put order. */
    private final Map<String, long[]> records = new HashMap<>();
    private final ArrayDeque<Object[]> byTime = new ArrayDeque<>();
    private long observed = NO_TIME;

    SeenWindowStore(String name, long retentionMillis) {
        this.name = name;
        this.retention = retentionMillis;
        this.segmentInterval = Math.max(retentionMillis / 2, 60_000L);
    }

    @Override
    public void put(String key, Long value, long windowStart) {
        observed = Math.max(observed, windowStart);
        if (windowStart / segmentInterval < (observed - retention) / segmentInterval) {
            return;
        }
        long[] pairs = records.get(key);
        if (value == null) {
            if (pairs != null) {
                remove(key, pairs, windowStart);
            }
            return;
        }
        if (pairs == null) {
            records.put(key, new long[] {windowStart, value});
        } else {
            int at = indexOf(pairs, windowStart);
            if (at >= 0) {
                pairs[at + 1] = value;
            } else {
                long[] more = Arrays.copyOf(pairs, pairs.length + 2);
                more[pairs.length] = windowStart;
                more[pairs.length + 1] = value;
                records.put(key, more);
            }
        }
        byTime.addLast(new Object[] {windowStart, key});
        forgetInvisible();
    }

    @Override
    public WindowStoreIterator<Long> fetch(String key, long timeFrom, long timeTo) {
        long from = Math.max(timeFrom, observed - retention + 1);
        long[] pairs = records.get(key);
        List<KeyValue<Long, Long>> found = new ArrayList<>(1);
        if (pairs != null && timeTo >= from) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (pairs[i] >= from && pairs[i] <= timeTo) {
                    found.add(KeyValue.pair(pairs[i], pairs[i + 1]));
                }
            }
            found.sort((a, b) -> Long.compare(a.key, b.key));
        }
        Iterator<KeyValue<Long, Long>> it = found.iterator();
        return new WindowStoreIterator<>() {
            private KeyValue<Long, Long> next = it.hasNext() ? it.next() : null;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public KeyValue<Long, Long> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                KeyValue<Long, Long> current = next;
                next = it.hasNext() ? it.next() : null;
                return current;
            }

            @Override
            public Long peekNextKey() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                return next.key;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public KeyValueIterator<Windowed<String>, Long> fetch(String keyFrom, String keyTo, long timeFrom, long timeTo) {
        long from = Math.max(timeFrom, observed - retention + 1);
        List<KeyValue<Windowed<String>, Long>> found = new ArrayList<>();
        records.forEach((key, pairs) -> {
            if ((keyFrom == null || KeyOrder.INSTANCE.compare(key, keyFrom) >= 0)
                    && (keyTo == null || KeyOrder.INSTANCE.compare(key, keyTo) <= 0)) {
                for (int i = 0; i < pairs.length; i += 2) {
                    if (pairs[i] >= from && pairs[i] <= timeTo) {
                        found.add(KeyValue.pair(new Windowed<>(key, new TimeWindow(pairs[i], pairs[i] + 1)), pairs[i + 1]));
                    }
                }
            }
        });
        found.sort((a, b) -> {
            int byKey = KeyOrder.INSTANCE.compare(a.key.key(), b.key.key());
            return byKey != 0 ? byKey : Long.compare(a.key.window().start(), b.key.window().start());
        });
        Iterator<KeyValue<Windowed<String>, Long>> it = found.iterator();
        return new KeyValueIterator<>() {
            private KeyValue<Windowed<String>, Long> next = it.hasNext() ? it.next() : null;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public KeyValue<Windowed<String>, Long> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                KeyValue<Windowed<String>, Long> current = next;
                next = it.hasNext() ? it.next() : null;
                return current;
            }

            @Override
            public Windowed<String> peekNextKey() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                return next.key;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public KeyValueIterator<Windowed<String>, Long> fetch(String keyFrom, String keyTo, Instant timeFrom, Instant timeTo) {
        return fetch(keyFrom, keyTo, timeFrom.toEpochMilli(), timeTo.toEpochMilli());
    }

    @Override
    public WindowStoreIterator<Long> fetch(String key, Instant timeFrom, Instant timeTo) {
        return fetch(key, timeFrom.toEpochMilli(), timeTo.toEpochMilli());
    }

    @Override
    public Long fetch(String key, long time) {
        try (WindowStoreIterator<Long> it = fetch(key, time, time)) {
            return it.hasNext() ? it.next().value : null;
        }
    }

    @Override
    public KeyValueIterator<Windowed<String>, Long> all() {
        return fetch(null, null, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public KeyValueIterator<Windowed<String>, Long> fetchAll(long timeFrom, long timeTo) {
        return fetch(null, null, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<String>, Long> fetchAll(Instant timeFrom, Instant timeTo) {
        return fetchAll(timeFrom.toEpochMilli(), timeTo.toEpochMilli());
    }

    /** Records older than any fetch can see: at most one put's worth of work on average. */
    private void forgetInvisible() {
        long visibleFrom = observed - retention + 1;
        while (!byTime.isEmpty() && (long) byTime.peekFirst()[0] < visibleFrom) {
            Object[] oldest = byTime.pollFirst();
            String key = (String) oldest[1];
            long[] pairs = records.get(key);
            if (pairs != null) {
                remove(key, pairs, (long) oldest[0]);
            }
        }
    }

    private void remove(String key, long[] pairs, long windowStart) {
        int at = indexOf(pairs, windowStart);
        if (at < 0) {
            return;
        }
        if (pairs.length == 2) {
            records.remove(key);
            return;
        }
        long[] fewer = new long[pairs.length - 2];
        System.arraycopy(pairs, 0, fewer, 0, at);
        System.arraycopy(pairs, at + 2, fewer, at, pairs.length - at - 2);
        records.put(key, fewer);
    }

    private static int indexOf(long[] pairs, long windowStart) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == windowStart) {
                return i;
            }
        }
        return -1;
    }

    int size() {
        return records.size();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
    }

    @Override
    public void close() {
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return true;
    }
}
