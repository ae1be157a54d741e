package io.healthscore.alert.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthscore.alert.console.WhyItChanged.Cause;
import io.healthscore.alert.console.WhyItChanged.Component;
import io.healthscore.alert.console.WhyItChanged.Point;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhyItChangedTest {

    private static final Messages MESSAGES = new Messages();
    private static final Text EN = MESSAGES.text(Language.EN);
    private static final Text JA = MESSAGES.text(Language.JA);

    private static final Instant NOV_1 = Instant.parse("2026-11-01T09:00:00Z");
    private static final Instant NOV_8 = Instant.parse("2026-11-08T09:00:00Z");
    private static final Instant NOV_15 = Instant.parse("2026-11-15T09:00:00Z");

    private static Point point(Instant at, double users, double logins, Integer tickets) {
        return new Point(at, 0, List.of(new Component("ACTIVE_USERS", users, 0.5, "active users"),
                new Component("LAST_LOGIN", logins, 0.3, "last login"),
                new Component("SUPPORT_TICKETS", tickets == null ? null : tickets.doubleValue(), 0.2,
                        null)));
    }

    @Test
    void aFallingComponentIsStatedWithItsDatesAndPointsWeighted() {
        List<Cause> causes = WhyItChanged.causes(List.of(point(NOV_1, 80, 50, 50), point(NOV_8, 20, 50, 50)), 5);

        assertEquals(1, causes.size());
        assertEquals("Active users fell from 80 to 20 (\u221230.0 points) between 1 Nov and 8 Nov",
                causes.getFirst().text(EN));
        assertEquals("11/1から11/8の間にActive usersが80から20に下がりました（\u221230.0ポイント）",
                causes.getFirst().text(JA));
    }

    @Test
    void theBiggestDragComesFirstAndRisesLast() {
        List<Cause> causes = WhyItChanged.causes(List.of(point(NOV_1, 80, 50, 50), point(NOV_8, 70, 50, 50),
                point(NOV_15, 70, 10, 60)), 5);

        assertEquals(List.of("LAST_LOGIN", "ACTIVE_USERS", "SUPPORT_TICKETS"),
                causes.stream().map(Cause::component).toList());
        assertEquals(-12.0, causes.get(0).points(), 1e-9);
        assertEquals(-5.0, causes.get(1).points(), 1e-9);
        assertEquals(2.0, causes.get(2).points(), 1e-9);
        assertTrue(causes.get(2).text(EN).startsWith("Support tickets rose from 50 to 60 (+2.0 points)"),
                causes.get(2).text(EN));
    }

    @Test
    void weightsAreSharedOnlyAmongComponentsWithData() {
        List<Cause> causes = WhyItChanged.causes(List.of(point(NOV_1, 80, 50, null), point(NOV_8, 40, 50, null)),
                5);

        assertEquals(-40 * 0.5 / 0.8, causes.getFirst().points(), 1e-9);
    }

    @Test
    void aComponentGainingDataIsNoMovementAndTinyMovesAreLeftOut() {
        List<Cause> causes = WhyItChanged.causes(List.of(point(NOV_1, 80, 50, null), point(NOV_8, 80.05, 50, 70)),
                5);

        assertEquals(List.of(), causes);
    }

    @Test
    void theLimitKeepsTheBiggestDrags() {
        List<Cause> causes = WhyItChanged.causes(List.of(point(NOV_1, 80, 50, 50), point(NOV_8, 70, 10, 40)), 1);

        assertEquals(List.of("LAST_LOGIN"), causes.stream().map(Cause::component).toList());
    }

    @Test
    void noOrOneScoreHasNoCauses() {
        assertEquals(List.of(), WhyItChanged.causes(List.of(), 5));
        assertEquals(List.of(), WhyItChanged.causes(List.of(point(NOV_1, 1, 1, 1)), 5));
    }
}
