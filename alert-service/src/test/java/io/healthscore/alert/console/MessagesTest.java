package io.healthscore.alert.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bundles hold the same keys with patterns of the same arguments, every key a template or controller asks for
 * exists, and dates, numbers and money come out in each language's way.
 */
class MessagesTest {

    private static final Messages MESSAGES = new Messages();
    /** t("key"..., f.t("key"..., text.t("key"..., and keys built as "period." + p, checked below. */
    private static final Pattern KEY = Pattern.compile("\\bt\\(\"([a-zA-Z0-9_.]+)\"\\s*[,)]");

    @Test
    void bothBundlesHoldTheSameKeysWithTheSameArguments() {
        var en = MESSAGES.bundle(Language.EN);
        var ja = MESSAGES.bundle(Language.JA);
        assertThat(ja.keySet()).isEqualTo(en.keySet());
        for (String key : en.keySet()) {
            int enArgs = new MessageFormat(en.get(key)).getFormatsByArgumentIndex().length;
            int jaArgs = new MessageFormat(ja.get(key)).getFormatsByArgumentIndex().length;
            assertThat(jaArgs).as(key).isEqualTo(enArgs);
        }
    }

    @Test
    void everyKeyTheCodeAsksForIsInTheBundles() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path root : new Path[] {Path.of("src/main/jte"), Path.of("src/main/java/io/healthscore/alert/console")}) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Matcher m = KEY.matcher(Files.readString(f));
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        for (String p : TeamDashboard.PERIODS) {
            used.add("period." + p);
        }
        for (int band : new int[] {30, 60, 90}) {
            used.add("team.renewals.band" + band);
        }
        assertThat(used).hasSizeGreaterThan(50);
        assertThat(MESSAGES.bundle(Language.EN).keySet()).containsAll(used);
    }

    @Test
    void anUnknownKeyIsAnErrorNotAnEmptyString() {
        assertThatThrownBy(() -> MESSAGES.text(Language.JA).t("no.such.key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no.such.key");
    }

    @Test
    void theBrowsersLanguageIsTheFirstOfOursItRanksHighest() {
        assertThat(Language.fromAcceptLanguage("ja,en-US;q=0.8")).isEqualTo(Language.JA);
        assertThat(Language.fromAcceptLanguage("ja-JP")).isEqualTo(Language.JA);
        assertThat(Language.fromAcceptLanguage("en-GB,ja;q=0.9")).isEqualTo(Language.EN);
        assertThat(Language.fromAcceptLanguage("fr-FR,ja;q=0.5,en;q=0.4")).isEqualTo(Language.JA);
        assertThat(Language.fromAcceptLanguage("en;q=0.2,ja;q=0.9")).isEqualTo(Language.JA);
        assertThat(Language.fromAcceptLanguage("ja;q=0")).isEqualTo(Language.EN);
        assertThat(Language.fromAcceptLanguage("fr")).isEqualTo(Language.EN);
        assertThat(Language.fromAcceptLanguage(null)).isEqualTo(Language.EN);
        assertThat(Language.fromAcceptLanguage(";;;q=x,\u0000")).isEqualTo(Language.EN);
        assertThat(Language.fromAcceptLanguage("ja,".repeat(600))).isEqualTo(Language.EN);
    }

    @Test
    void datesNumbersAndMoneyFollowTheLanguage() {
        Text en = MESSAGES.text(Language.EN);
        Text ja = MESSAGES.text(Language.JA);
        assertThat(en.date(LocalDate.of(2026, 12, 3))).isEqualTo("2026-12-03");
        assertThat(ja.date(LocalDate.of(2026, 12, 3))).isEqualTo("2026/12/03");
        assertThat(en.time(Instant.parse("2026-12-03T09:05:00Z"))).isEqualTo("2026-12-03 09:05:00 UTC");
        assertThat(ja.time(Instant.parse("2026-12-03T09:05:00Z"))).isEqualTo("2026/12/03 09:05:00 UTC");
        assertThat(en.money(120_000L, "JPY")).isEqualTo("JPY 120,000");
        assertThat(ja.money(120_000L, "JPY")).isEqualTo("￥120,000");
        assertThat(ja.money(123_456L, "EUR")).isEqualTo("€1,234.56");
        assertThat(ja.money(5L, "XYZ")).as("an unknown currency keeps its code").isEqualTo("XYZ 0.05");
        assertThat(en.money(null, "EUR")).isEqualTo("–");
        assertThat(en.number(57.25, 1)).isEqualTo("57.3");
        assertThat(en.number(1234.5, 1)).isEqualTo("1,234.5");
        assertThat(en.signed(-4.68, 1)).isEqualTo("−4.7");
        assertThat(en.signed(0.04, 1)).isEqualTo("0.0");
        assertThat(en.signed(28.07, 1)).isEqualTo("+28.1");
        assertThat(en.duration(Duration.ofMinutes(125))).isEqualTo("2 h 05 min");
        assertThat(ja.duration(Duration.ofMinutes(125))).isEqualTo("2時間5分");
        assertThat(en.duration(Duration.ofHours(60))).isEqualTo("2.5 days");
        assertThat(ja.level(null)).isEqualTo("スコアなし");
        assertThat(ja.level("LV3")).isEqualTo("Lv3");
        assertThat(ja.coverage("TECH_TOUCH")).isEqualTo("テックタッチ");
        assertThat(ja.component("LOGIN_FREQUENCY")).isEqualTo("ログイン頻度");
        assertThat(ja.component("NEW_THING")).as("a component the bundle does not know yet").isEqualTo("New thing");
        assertThat(en.t("team.flow.move", "Lv1", "Lv2", 34L, en.t("period.month"))).isEqualTo("Lv1 → Lv2: 34 this month");
        assertThat(ja.t("team.flow.move", "Lv1", "Lv2", 34L, ja.t("period.month"))).isEqualTo("Lv1 → Lv2：今月 34件");
        assertThat(en.t("team.renewals.cell", 1L, "x")).isEqualTo("1 account · x");
        assertThat(en.t("team.renewals.cell", 1200L, "x")).isEqualTo("1,200 accounts · x");
    }
}
