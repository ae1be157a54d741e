package io.healthscore.alert.console.live;

import io.healthscore.alert.identity.Scope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changes the database announces on {@code console_live} (migration V15: every committed score, level change,
 * alert, note and profile, by account and owner), passed on to the open pages subscribed here, each only the changes
 * of accounts its person's {@link Scope} covers. One connection of the pool LISTENs while anyone is subscribed; when
 * it breaks (or fails a {@code SELECT 1} asked every 30 s, as a connection lost without a reset only times out), it is
 * opened again (1 s, doubling to 30 s) and every subscriber is told to {@link Change#RESYNC} (changes made while nobody
 * listened are not announced again). It goes back to the pool UNLISTENed.
 */
@Singleton
public final class LiveChanges implements AutoCloseable {

    /** A change of one account; {@code kind} is score, level, alert, note, profile, or resync for everyone. */
    public record Change(String kind, @Nullable String account, @Nullable String owner) {
        public static final String RESYNC = "resync";
    }

    /** An open page's subscription; closing it stops the changes. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private record Subscriber(Scope scope, Consumer<Change> sink) {
    }

    /** The notification's JSON, as V15 writes it. */
    @Serdeable
    record Payload(@Nullable String kind, @Nullable String account, @Nullable String owner) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(LiveChanges.class);
    private static final Set<String> KINDS = Set.of("score", "level", "alert", "note", "profile");
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final JsonMapper json;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile boolean listening;
    private Thread listener;

    public LiveChanges(DataSource dataSource, JsonMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Passes {@code sink} every change of an account {@code scope} allows, from now until the subscription closes. */
    public Subscription subscribe(Scope scope, Consumer<Change> sink) {
        Subscriber s = new Subscriber(scope, sink);
        subscribers.add(s);
        startListening();
        return () -> subscribers.remove(s);
    }

    /** Whether the LISTEN connection is up (false before the first subscriber and while reconnecting). */
    public boolean listening() {
        return listening;
    }

    public int subscribers() {
        return subscribers.size();
    }

    private synchronized void startListening() {
        if (listener == null && !closed) {
            listener = Thread.ofPlatform().daemon().name("console-live").start(() -> {
                try {
                    listen();
                } finally {
                    listening = false;
                    synchronized (this) {
                        listener = null; // an Error ended it: the next subscriber starts another
                    }
                }
            });
        }
    }

    private void listen() {
        Duration backoff = Duration.ofSeconds(1);
        boolean broken = false;
        while (!closed) {
            try (Connection c = dataSource.getConnection()) {
                try {
                    c.setAutoCommit(true);
                    try (Statement s = c.createStatement()) {
                        s.execute("LISTEN console_live");
                    }
                    PGConnection pg = c.unwrap(PGConnection.class);
                    if (broken) {
                        dispatch(new Change(Change.RESYNC, null, null)); // back after a break: pages fetch themselves
                    }
                    listening = true;
                    broken = false;
                    backoff = Duration.ofSeconds(1);
                    long checked = System.nanoTime();
                    while (!closed) {
                        PGNotification[] notes = pg.getNotifications((int) POLL.toMillis());
                        if (notes != null) {
                            for (PGNotification n : notes) {
                                Change change = parse(n.getParameter());
                                if (change != null) {
                                    dispatch(change);
                                }
                            }
                        }
                        if (System.nanoTime() - checked > CHECK_EVERY.toNanos()) {
                            // A connection that died without a reset (a failover) only ever times out: ask it.
                            try (Statement s = c.createStatement()) {
                                s.setQueryTimeout(5);
                                s.execute("SELECT 1");
                            }
                            checked = System.nanoTime();
                        }
                    }
                } finally {
                    // Back to the pool without the LISTEN, or it would go on collecting notifications.
                    unlisten(c);
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                broken = true;
                if (closed) {
                    return;
                }
                LOG.warn("console live changes: the LISTEN connection failed ({}); trying again in {} s",
                        e.getMessage(), backoff.toSeconds());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : backoff.multipliedBy(2);
            }
        }
        listening = false;
    }

    private static void unlisten(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("UNLISTEN *");
        } catch (SQLException e) {
            LOG.debug("console live changes: UNLISTEN failed (the connection is gone)", e);
        }
    }

    /** The payload V15 writes; anything else (a notification from elsewhere on the channel) is dropped. */
    @Nullable Change parse(@Nullable String payload) {
        if (payload == null || payload.length() > 8000) {
            return null;
        }
        try {
            Payload p = json.readValue(payload, Payload.class);
            return p != null && p.kind() != null && KINDS.contains(p.kind()) && p.account() != null
                    ? new Change(p.kind(), p.account(), p.owner()) : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    void dispatch(Change change) {
        for (Subscriber s : subscribers) {
            if (change.kind().equals(Change.RESYNC) || s.scope().allows(change.owner())) {
                try {
                    s.sink().accept(change);
                } catch (RuntimeException e) {
                    LOG.debug("console live changes: a subscriber failed", e);
                }
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = listener;
        }
        if (t != null) {
            try {
                t.join(POLL.multipliedBy(4).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
