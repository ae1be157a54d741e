package io.healthscore.scoring.app;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/**
 * Scoring dead-letters into {@code <topic><dlq suffix>} for each of its input and output topics, and never creates
 * those topics itself: start-up fails, naming every missing one, rather than a dead letter later blocking the task
 * for {@code max.block.ms} on a topic that is not there.
 */
final class DeadLetterTopicCheck {

    /** How long missing topics are looked for again before start-up fails. */
    static final Duration SETTLE = Duration.ofSeconds(10);

    private DeadLetterTopicCheck() {
    }

    /** @throws IllegalStateException naming each of {@code needed} that is not among {@code existing} */
    static void requireAll(Collection<String> needed, Set<String> existing) {
        List<String> missing = needed.stream().filter(topic -> !existing.contains(topic)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Dead-letter topic" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + (missing.size() == 1 ? " does" : " do")
                    + " not exist. Scoring sends undecodable inputs and refused outputs there and does not start "
                    + "without them: create them (./healthscore stack and compose's kafka-init create <topic>-dlq for "
                    + "every topic), or set topics.dlq-suffix to the suffix of the ones you have.");
        }
    }

    /**
     * {@link #requireAll} against the topics on the cluster, waiting at most {@code timeout} for the broker. Topics
     * created a moment ago may not be in every broker's metadata yet, so missing ones are looked for again for up to
     * {@link #SETTLE} before start-up fails.
     */
    static void requireOnCluster(Admin admin, Collection<String> needed, Duration timeout) {
        long settleUntil = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            Set<String> existing = list(admin, timeout);
            if (existing.containsAll(needed) || System.nanoTime() > settleUntil) {
                requireAll(needed, existing);
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while checking the dead-letter topics", e);
            }
        }
    }

    private static Set<String> list(Admin admin, Duration timeout) {
        try {
            return admin.listTopics(new ListTopicsOptions().timeoutMs((int) timeout.toMillis())).names()
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot check that the dead-letter topics exist: the broker did not list "
                    + "its topics within " + timeout + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the dead-letter topics", e);
        }
    }
}
