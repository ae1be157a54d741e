package io.healthscore.alert.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.healthscore.alert.config.ApiToken;
import io.healthscore.alert.identity.IdentityConfig;
import io.healthscore.alert.identity.LocalSignIn;
import io.healthscore.alert.identity.LocalUser;
import io.healthscore.alert.identity.PasswordHash;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ApiTokenPeopleTest {

    private static final IdentityConfig CONFIG = new IdentityConfig(Duration.ofMinutes(30), Duration.ofHours(12),
            100, 5, Duration.ofMinutes(15), Duration.ofMinutes(15), 100);

    @Test
    void startUpWarnsOnceNamingEveryConfiguredTokenThatStandsForNoPerson() {
        Logger logger = (Logger) LoggerFactory.getLogger(ApiTokenPeople.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            new ApiTokenPeople(List.of(new ApiToken("shared", "s1", List.of("csm"), null),
                    new ApiToken("ops", "s2", List.of("operator"), ""),
                    new ApiToken("unset", "", List.of("csm"), null),
                    new ApiToken("ana", "s3", List.of("csm"), "ana@example.com")),
                    new LocalSignIn(List.of(), CONFIG, Clock.systemUTC()));
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(appender.list).hasSize(1);
        assertThat(appender.list.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(appender.list.get(0).getFormattedMessage()).contains("[ops, shared]").doesNotContain("ana", "unset");
    }

    @Test
    void aTokensPersonWhoIsALeadBringsTheirTeam() {
        String hash = PasswordHash.create("x".toCharArray(), PasswordHash.MIN_ITERATIONS).encoded();
        LocalSignIn users = new LocalSignIn(List.of(new LocalUser("lee", "Lee@example.com", hash, List.of("lead"),
                List.of("ana@example.com"))), CONFIG, Clock.systemUTC());

        Actor lee = new ApiTokenPeople(List.of(new ApiToken("lee", "t", List.of("csm"), "lee@example.com")), users)
                .actor("lee");

        assertThat(lee.auditName()).isEqualTo("lee@example.com");
        assertThat(lee.scope().owners()).containsExactly("ana@example.com", "lee@example.com");
    }
}
