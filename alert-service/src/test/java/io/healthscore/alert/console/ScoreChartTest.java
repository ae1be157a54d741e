package io.healthscore.alert.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthscore.alert.console.ScoreChart.Band;
import io.healthscore.alert.console.ScoreChart.Marker;
import io.healthscore.alert.console.ScoreChart.Point;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreChartTest {

    private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");
    private final ScoreChart chart = new ScoreChart(END, 90, 40, 60, 80);

    @Test
    void timeRunsLeftToRightOverTheWindow() {
        assertEquals(ScoreChart.LEFT, chart.x(END.minus(Duration.ofDays(90))));
        assertEquals(ScoreChart.WIDTH - ScoreChart.RIGHT, chart.x(END));
        assertEquals((ScoreChart.LEFT + ScoreChart.WIDTH - ScoreChart.RIGHT) / 2.0, chart.x(END.minus(Duration.ofDays(45))));
    }

    @Test
    void scoresRunBottomToTopAndAreClamped() {
        assertEquals(ScoreChart.HEIGHT - ScoreChart.BOTTOM, chart.y(0));
        assertEquals(ScoreChart.TOP, chart.y(100));
        assertEquals(ScoreChart.TOP, chart.y(140));
        assertEquals(ScoreChart.TOP + 0.5 * (ScoreChart.HEIGHT - ScoreChart.TOP - ScoreChart.BOTTOM), chart.y(50));
    }

    @Test
    void theLineJoinsThePointsInTheWindowInTimeOrder() {
        String line = chart.polyline(List.of(new Point(END, 100), new Point(END.minus(Duration.ofDays(90)), 0),
                new Point(END.minus(Duration.ofDays(200)), 50)));

        assertEquals(ScoreChart.LEFT + "," + (ScoreChart.HEIGHT - ScoreChart.BOTTOM) + " "
                + (ScoreChart.WIDTH - ScoreChart.RIGHT) + "," + ScoreChart.TOP, line);
    }

    @Test
    void theBandsStackFromLv1AtTheBottomToLv4AtTheTop() {
        List<Band> bands = chart.bands();

        assertEquals(List.of("LV1", "LV2", "LV3", "LV4"), bands.stream().map(Band::level).toList());
        assertEquals(chart.y(40), bands.get(0).y());
        assertEquals(chart.y(0) - chart.y(40), bands.get(0).height(), 1e-9);
        assertEquals(ScoreChart.TOP, bands.get(3).y());
        assertEquals(chart.y(80) - chart.y(100), bands.get(3).height(), 1e-9);
    }

    @Test
    void theSvgCarriesMarkersInTheWindowWithEscapedLabels() {
        String svg = chart.svg(List.of(new Point(END, 50)), List.of(
                new Marker(END.minus(Duration.ofDays(10)), "alert", "Alert <LEVEL_DOWN> & more"),
                new Marker(END.minus(Duration.ofDays(100)), "model", "too old")), "Score of \"Acme\"", new Messages().text(Language.EN));

        assertTrue(svg.contains("class=\"marker marker-alert\""), svg);
        assertTrue(svg.contains("<title>Alert &lt;LEVEL_DOWN&gt; &amp; more</title>"), svg);
        assertFalse(svg.contains("too old"), svg);
        assertTrue(svg.contains("Score of &quot;Acme&quot;"), svg);
        assertTrue(svg.contains(">Lv4</text>") && svg.contains(">1 Dec</text>"), svg);
    }

    @Test
    void theAxisDatesFollowTheLanguage() {
        String svg = chart.svg(List.of(new Point(END, 50)), List.of(), "t", new Messages().text(Language.JA));

        assertTrue(svg.contains(">12/1</text>"), svg);
    }
}
