package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The console's own settings.
 *
 * @param acknowledgeWithin how long an open alert may wait for acknowledgement before it counts as overdue
 * @param scoringGroup      scoring's consumer group (its Kafka Streams application.id), whose lag every page shows
 * @param freshnessEvery    how often the freshness shown on every page is read again from Kafka and the database
 * @param live              whether open pages update live (LISTEN/NOTIFY and server-sent events)
 */
@ConfigurationProperties("console")
public record ConsoleConfig(Duration acknowledgeWithin,
                            @Bindable(defaultValue = "healthscore-scoring") String scoringGroup,
                            @Bindable(defaultValue = "5s") Duration freshnessEvery,
                            @Bindable(defaultValue = "true") boolean live) {

    public ConsoleConfig(Duration acknowledgeWithin) {
        this(acknowledgeWithin, "healthscore-scoring", Duration.ofSeconds(5), true);
    }
}
