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
        Pattern loneQuote = Pattern.compile("(?<!')'(?!')");
        for (String key : en.keySet()) {
            // A lone quote starts a quoted run in MessageFormat and silently eats the text after it.
            assertThat(loneQuote.matcher(en.get(key)).find()).as("a lone ' in en " + key).isFalse();
            assertThat(loneQuote.matcher(ja.get(key)).find()).as("a lone ' in ja " + key).isFalse();
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
        // Keys the code builds from a code: the sortable columns, the notices, the outcomes, the statuses.
        PortfolioView.Model columns = new PortfolioView.Model(new Pages.Frame("t", null, "", MESSAGES.text(Language.EN)),
                false, false, false, null, java.util.List.of(), 0);
        for (var sort : io.healthscore.alert.store.PortfolioRows.Sort.values()) {
            assertThat(columns.columnLabel(sort.name().toLowerCase(java.util.Locale.ROOT))).isNotBlank();
        }
        InboxController.NOTICES.forEach(n -> used.add("notice." + n));
        for (var kind : io.healthscore.alert.store.AlertOutcome.Kind.values()) {
            used.add("inbox.outcome." + kind);
        }
        for (var status : io.healthscore.alert.store.AlertStatus.values()) {
            used.add("status." + status);
        }
        for (var status : io.healthscore.alert.store.DeliveryStatus.values()) {
            used.add("status." + status);
        }
        for (var channel : io.healthscore.alert.store.Channel.values()) {
            used.add("channel." + channel);
        }
        for (String kind : java.util.List.of("score", "transition", "alert", "delivery", "note")) {
            used.add("timeline." + kind);
        }
        for (String severity : java.util.List.of("SUSPECTED", "IMMINENT")) {
            used.add("severity." + severity);
        }
        assertThat(used).hasSizeGreaterThan(200);
        assertThat(MESSAGES.bundle(Language.EN).keySet()).containsAll(used);
    }

    /**
     * What a template says outside its expressions: with {@code ${...}}, directives and tags taken out, no English
     * word is left (only the product's name), so every word on a page comes from the bundles.
     */
    @Test
    void noTemplateHasWordsOfItsOwn() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/jte"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jte")).toList()) {
                String left = templateText(Files.readString(f));
                Matcher word = Pattern.compile("[A-Za-z]{2,}").matcher(left);
                Set<String> words = new TreeSet<>();
                while (word.find()) {
                    words.add(word.group());
                }
                words.removeAll(Set.of("healthscore", "console", "DOCTYPE", "html"));
                assertThat(words).as(f + " says in its own words: " + left.strip()).isEmpty();
            }
        }
    }

    /**
     * A template with its expressions and code blocks, directives and tags removed; the texts a tag shows (labels,
     * titles, placeholders, alternatives) are kept.
     */
    static String templateText(String template) {
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < template.length(); ) {
            if (template.startsWith("${", i) || template.startsWith("!{", i)) {
                i = skipBalanced(template, i + 1, '{', '}');
            } else if (template.startsWith("$unsafe{", i)) {
                i = skipBalanced(template, i + 7, '{', '}');
            } else if (template.startsWith("@template.layout(", i)) {
                int content = template.indexOf("@`", i);
                i = content < 0 ? template.length() : content + 2;
            } else if (template.startsWith("@if(", i) || template.startsWith("@elseif(", i)
                    || template.startsWith("@for(", i)) {
                i = skipBalanced(template, template.indexOf('(', i), '(', ')');
            } else {
                Matcher d = Pattern.compile("@(import|param)[^\\n]*|@(else|endif|endfor)").matcher(template)
                        .region(i, template.length());
                if (d.lookingAt()) {
                    i = d.end();
                } else {
                    plain.append(template.charAt(i++));
                }
            }
        }
        Matcher tag = Pattern.compile("<[^>]*>").matcher(plain);
        Pattern shown = Pattern.compile("\\b(aria-label|title|placeholder|alt)=\"([^\"]*)\"");
        StringBuilder out = new StringBuilder();
        while (tag.find()) {
            Matcher a = shown.matcher(tag.group());
            StringBuilder kept = new StringBuilder(" ");
            while (a.find()) {
                kept.append(a.group(2)).append(' ');
            }
            tag.appendReplacement(out, Matcher.quoteReplacement(kept.toString()));
        }
        tag.appendTail(out);
        return out.toString().replaceAll("&[a-z]+;", " ");
    }

    private static int skipBalanced(String s, int open, char opening, char closing) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && s.charAt(i - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && c == opening) {
                depth++;
            } else if (!quoted && c == closing && --depth == 0) {
                return i + 1;
            }
        }
        return s.length();
    }

    @Test
    void aQuoteIsWrittenTwiceInEveryPatternAndShownOnce() {
        assertThat(MESSAGES.text(Language.EN).t("portfolio.team")).isEqualTo("My team's accounts");
        assertThat(MESSAGES.text(Language.EN).t("team.leadsOnly")).doesNotContain("''");
        assertThat(MESSAGES.text(Language.EN).t("form.twice", "csrf")).isEqualTo("field 'csrf' is given twice");
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
