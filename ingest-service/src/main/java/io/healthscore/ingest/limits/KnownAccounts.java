package io.healthscore.ingest.limits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The accounts the pipeline already knows, so that a request introducing accounts can be counted against its
 * source's new-account cap. Kept as the first 64 bits of each id's SHA-256 in an open-addressing set (about 16
 * bytes an account at most, 16 MB for a million): a cryptographic digest, so nobody can craft an id that passes
 * for a known one. Filled by {@link KnownAccountsLoader} from the compacted topics and by every admitted request.
 */
public final class KnownAccounts {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    });
    private static final long EMPTY = 0L;

    private long[] slots = new long[1 << 12];
    private int size;
    private boolean containsZero;
    private volatile boolean loaded;

    public KnownAccounts(boolean loaded) {
        this.loaded = loaded;
    }

    public synchronized boolean contains(String accountId) {
        return containsHash(hash(accountId));
    }

    /** @return true when the account was not known before */
    public synchronized boolean add(String accountId) {
        return addHash(hash(accountId));
    }

    /** As {@link #contains}, for a digest from {@link #hash} computed beforehand (outside any caller's lock). */
    synchronized boolean containsDigest(long digest) {
        return containsHash(digest);
    }

    /** As {@link #add}, for a digest from {@link #hash}. */
    synchronized boolean addDigest(long digest) {
        return addHash(digest);
    }

    public synchronized int size() {
        return size + (containsZero ? 1 : 0);
    }

    /** Whether the topics have been read up to their end as of start-up. */
    public boolean loaded() {
        return loaded;
    }

    void markLoaded() {
        loaded = true;
    }

    static long hash(String accountId) {
        byte[] d = SHA256.get().digest(accountId.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }

    private boolean containsHash(long h) {
        if (h == EMPTY) {
            return containsZero;
        }
        int mask = slots.length - 1;
        for (int i = index(h, mask); ; i = (i + 1) & mask) {
            if (slots[i] == EMPTY) {
                return false;
            }
            if (slots[i] == h) {
                return true;
            }
        }
    }

    private boolean addHash(long h) {
        if (h == EMPTY) {
            boolean added = !containsZero;
            containsZero = true;
            return added;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = index(h, mask); ; i = (i + 1) & mask) {
            if (slots[i] == EMPTY) {
                slots[i] = h;
                size++;
                return true;
            }
            if (slots[i] == h) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        Arrays.stream(old).filter(h -> h != EMPTY).forEach(this::addHash);
    }

    private static int index(long h, int mask) {
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
