package io.healthscore.stack;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops one known-harmless log event: while a restarted single-node KRaft controller elects itself, it answers
 * its own registration request with {@code NotControllerException} and logs that at ERROR with a stack trace;
 * the registration is retried and succeeds moments later. Every other event, including every other error of
 * the same logger, passes.
 */
public final class ControllerStartupNoiseFilter extends Filter<ILoggingEvent> {

    static final String LOGGER = "kafka.server.ControllerApis";
    static final String EXCEPTION = "org.apache.kafka.common.errors.NotControllerException";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (!LOGGER.equals(event.getLoggerName()) || !event.getFormattedMessage().contains("CONTROLLER_REGISTRATION")) {
            return FilterReply.NEUTRAL;
        }
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            if (EXCEPTION.equals(t.getClassName())) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
