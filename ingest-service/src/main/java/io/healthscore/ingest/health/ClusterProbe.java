package io.healthscore.ingest.health;

/** Answers whether the Kafka cluster can be reached right now. */
public interface ClusterProbe {

    boolean reachable();
}
