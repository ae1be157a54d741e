package io.healthscore.stack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.NotControllerException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerStartupNoiseFilterTest {

    private final ControllerStartupNoiseFilter filter = new ControllerStartupNoiseFilter();
    private final LoggerContext context = new LoggerContext();

    private LoggingEvent event(String logger, String message, Throwable thrown) {
        return new LoggingEvent("fqcn", context.getLogger(logger), Level.ERROR, message, thrown, null);
    }

    @Test
    void theControllerRegistrationRaceOfARestartIsDropped() {
        LoggingEvent event = event(ControllerStartupNoiseFilter.LOGGER,
                "Unexpected error handling request RequestHeader(apiKey=CONTROLLER_REGISTRATION, ...)",
                new CompletionException(new NotControllerException("The active controller appears to be node 1.")));

        assertThat(filter.decide(event)).isEqualTo(FilterReply.DENY);
    }

    @Test
    void otherErrorsOfTheSameLoggerPass() {
        LoggingEvent otherRequest = event(ControllerStartupNoiseFilter.LOGGER,
                "Unexpected error handling request RequestHeader(apiKey=CREATE_TOPICS, ...)",
                new CompletionException(new NotControllerException("x")));
        LoggingEvent otherCause = event(ControllerStartupNoiseFilter.LOGGER,
                "Unexpected error handling request RequestHeader(apiKey=CONTROLLER_REGISTRATION, ...)",
                new IllegalStateException("disk full"));

        assertThat(filter.decide(otherRequest)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(otherCause)).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void eventsOfOtherLoggersPass() {
        LoggingEvent event = event("kafka.server.BrokerServer", "CONTROLLER_REGISTRATION",
                new NotControllerException("x"));

        assertThat(filter.decide(event)).isEqualTo(FilterReply.NEUTRAL);
    }
}
