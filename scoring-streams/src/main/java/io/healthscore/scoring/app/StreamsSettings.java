package io.healthscore.scoring.app;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings this instance runs with ({@link StreamsProperties} plus its application.server). */
public record StreamsSettings(Properties properties) {

    public String applicationId() {
        return properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    /** A copy: Kafka clients must not share one mutable Properties object. */
    @Override
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    @Override
    public String toString() {
        return "StreamsSettings[applicationId=" + applicationId() + "]";
    }
}
