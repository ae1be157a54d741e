package io.healthscore.scoring.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that keeps at most {@code capacity} entries, dropping the least recently used one beyond that. */
final class LeastRecentlyUsed<K, V> extends LinkedHashMap<K, V> {

    private final int capacity;

    LeastRecentlyUsed(int capacity) {
        super(256, 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
