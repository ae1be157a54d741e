package io.healthscore.backtest.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value store of decoded values in memory, in the topology's key order ({@link KeyOrder}), without changelog,
 * cache or serde. {@code onRead} is applied to every value read (the account store gives what its serde would have
 * read back, see {@code AccountStateSerde.asStored}); {@code onNewKey} hears of every key stored for the first time.
 * While a sweep view is set, {@link #all()} and {@link #range} see only the view's keys, in the view's order: the
 * replay hands each partition its part of the slice one task would have swept.
 */
final class MemoryKeyValueStore<V> implements KeyValueStore<String, V> {

    private final String name;
    /** The keys in order, for stores iterated often; kept apart from the values so a put of a known key is a hash put. */
    private final NavigableSet<String> sortedKeys;
    private final Map<String, V> map = new HashMap<>();
    private final UnaryOperator<V> onRead;
    private final Consumer<String> onNewKey;
    private final Consumer<String> onDelete;
    private List<String> view;

    /** @param ordered whether iteration is frequent: keys kept sorted, else sorted when iterated */
    MemoryKeyValueStore(String name, boolean ordered, UnaryOperator<V> onRead, Consumer<String> onNewKey,
                        Consumer<String> onDelete) {
        this.name = name;
        this.sortedKeys = ordered ? new TreeSet<>(KeyOrder.INSTANCE) : null;
        this.onRead = onRead;
        this.onNewKey = onNewKey;
        this.onDelete = onDelete;
    }

    static <V> MemoryKeyValueStore<V> plain(String name) {
        return new MemoryKeyValueStore<>(name, false, UnaryOperator.identity(), key -> { }, key -> { });
    }

    /** The values as they are, without {@code onRead}: for reads the topology would not make. */
    Map<String, V> raw() {
        return map;
    }

    void view(List<String> keys) {
        this.view = keys;
    }

    @Override
    public V get(String key) {
        V value = map.get(key);
        return value == null ? null : onRead.apply(value);
    }

    @Override
    public void put(String key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        if (map.put(key, value) == null) {
            if (sortedKeys != null) {
                sortedKeys.add(key);
            }
            onNewKey.accept(key);
        }
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public V delete(String key) {
        V old = map.remove(key);
        if (old != null) {
            if (sortedKeys != null) {
                sortedKeys.remove(key);
            }
            onDelete.accept(key);
        }
        return old == null ? null : onRead.apply(old);
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        if (view != null) {
            List<KeyValue<String, V>> entries = new ArrayList<>(view.size());
            for (String key : view) {
                V value = map.get(key);
                if (value != null) {
                    entries.add(KeyValue.pair(key, value));
                }
            }
            return iterator(entries);
        }
        NavigableSet<String> all = sortedKeys != null ? sortedKeys : sortedCopy();
        NavigableSet<String> part = from == null && to == null ? all
                : from == null ? all.headSet(to, true) : to == null ? all.tailSet(from, true) : all.subSet(from, true, to, true);
        List<KeyValue<String, V>> entries = new ArrayList<>(part.size());
        for (String key : part) {
            entries.add(KeyValue.pair(key, map.get(key)));
        }
        return iterator(entries);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        return range(null, null);
    }

    private NavigableSet<String> sortedCopy() {
        TreeSet<String> copy = new TreeSet<>(KeyOrder.INSTANCE);
        copy.addAll(map.keySet());
        return copy;
    }

    /** Over a copy taken when it is opened, each value passed through {@code onRead} as it is reached. */
    private KeyValueIterator<String, V> iterator(List<KeyValue<String, V>> entries) {
        Iterator<KeyValue<String, V>> it = entries.iterator();
        return new KeyValueIterator<>() {
            private KeyValue<String, V> next = it.hasNext() ? it.next() : null;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public KeyValue<String, V> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                KeyValue<String, V> current = next;
                next = it.hasNext() ? it.next() : null;
                return KeyValue.pair(current.key, onRead.apply(current.value));
            }

            @Override
            public String peekNextKey() {
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
    public long approximateNumEntries() {
        return map.size();
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
