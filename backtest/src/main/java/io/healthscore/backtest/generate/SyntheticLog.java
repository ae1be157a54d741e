package io.healthscore.backtest.generate;

import io.healthscore.backtest.generate.GeneratorSettings.LogFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a seeded, reproducible JSON-lines log of a subscription product with known churn: steady accounts, noise
 * accounts (temporary dips, slow decliners that stay), churners whose usage declines over three to six weeks (two to
 * five in the ORGS format) before they cancel (the planted signal), and churners that cancel without warning. With
 * an upgrade share, a SPARKIFY log also has upgraders, free users who grow and then submit an upgrade. NATIVE
 * and SPARKIFY logs are in time order; an ORGS log is an export organisation by organisation, each in time order,
 * as database dumps come. Record volume is calibrated to the requested number of events. A file name ending in
 * {@code .gz} is gzipped.
 */
public final class SyntheticLog {

    static final List<String> NATIVE_KEY_FEATURES = List.of("dashboards", "reports", "integrations", "automations",
            "exports");
    static final List<String> NATIVE_OTHER_FEATURES = List.of("search", "comments", "share", "notifications");
    static final List<String> ONBOARDING = List.of("create-project", "invite-team", "connect-data", "first-report");
    static final List<String> SPARKIFY_KEY_FEATURES = List.of("play", "playlist", "thumbs-up", "social");
    private static final String[] PLANS = {"starter", "team", "business"};
    private static final String[] SEGMENTS = {"smb", "mid-market", "enterprise"};
    private static final long DAY_MS = 86_400_000L;
    private static final double KEY_SHARE = 0.55;
    private static final double NOISE_SHARE = 0.005;

    private final GeneratorSettings settings;
    private final Random random;
    private final List<SyntheticAccount> accounts = new ArrayList<>();
    private final Map<String, Instant> churnedAt = new LinkedHashMap<>();
    private final Map<String, Instant> upgradedAt = new LinkedHashMap<>();
    private double actionsPerSession;
    private double activityScale = 1.0;
    private long written;
    private long ticketSequence;
    private long sessionSequence;

    /**
     * What was planted: each account's persona, the churn time of the churners, the upgrade time of upgraders, and
     * how many days the usage (or feature) decline of each declining churner lasted before it churned.
     */
    public record GroundTruth(Map<String, Persona> personas, Map<String, Instant> churnedAt,
                              Map<String, Instant> upgradedAt, long records, Map<String, Integer> declineDays) {
    }

    public SyntheticLog(GeneratorSettings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        plan();
    }

    /** Writes the log to {@code file}; with {@code outcomes} non-null also a CSV of account,churned_at. */
    public GroundTruth write(Path file, Path outcomes) throws IOException {
        try (Writer out = writer(file)) {
            if (settings.format() == LogFormat.ORGS) {
                writeByAccount(out);
            } else {
                writeByDay(out);
            }
        }
        if (outcomes != null) {
            writeOutcomes(outcomes);
        }
        Map<String, Persona> personas = new LinkedHashMap<>();
        Map<String, Integer> declines = new LinkedHashMap<>();
        accounts.forEach(a -> personas.put(a.id, a.persona));
        accounts.stream().filter(a -> a.persona == Persona.DECLINING_CHURNER && churnedAt.containsKey(a.id))
                .forEach(a -> declines.put(a.id, a.declineDays));
        return new GroundTruth(personas, Map.copyOf(churnedAt), Map.copyOf(upgradedAt), written, declines);
    }

    private void writeByAccount(Writer out) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (SyntheticAccount account : accounts) {
            lines.clear();
            List<PendingClose> tickets = new ArrayList<>();
            for (int day = 0; day < settings.days(); day++) {
                accountDay(account, day, lines, tickets);
            }
            lines.sort(Comparator.comparingLong(Line::time));
            for (Line line : lines) {
                out.write(line.json());
                out.write('\n');
            }
            written += lines.size();
        }
    }

    private void writeByDay(Writer out) throws IOException {
        List<Line> today = new ArrayList<>();
        Map<SyntheticAccount, List<PendingClose>> tickets = new LinkedHashMap<>();
        for (int day = 0; day < settings.days(); day++) {
            today.clear();
            for (SyntheticAccount account : accounts) {
                accountDay(account, day, today, tickets.computeIfAbsent(account, a -> new ArrayList<>()));
            }
            today.sort(Comparator.comparingLong(Line::time));
            for (Line line : today) {
                out.write(line.json());
                out.write('\n');
            }
            written += today.size();
        }
    }

    private void plan() {
        int churners = (int) Math.round(settings.accounts() * settings.churnShare());
        int upgraders = (int) Math.round(settings.accounts() * settings.upgradeShare());
        boolean sparkify = settings.format() == LogFormat.SPARKIFY;
        boolean orgs = settings.format() == LogFormat.ORGS;
        List<String> keys = sparkify ? SPARKIFY_KEY_FEATURES : NATIVE_KEY_FEATURES;
        for (int i = 0; i < settings.accounts(); i++) {
            Persona persona = persona(i < churners, orgs ? 0.9 : 0.8);
            if (i >= churners && i < churners + upgraders) {
                persona = Persona.UPGRADER;
            }
            int users = sparkify ? 1 : orgs ? logUniform(12, 150) : logUniform(3, 40);
            String id = sparkify ? String.valueOf(100_001 + i) : String.format(orgs ? "org-%04d" : "acct-%04d", i + 1);
            SyntheticAccount account = new SyntheticAccount(id, persona, users, keys, settings.days(),
                    settings.decline(), sparkify, orgs, settings.declineDaysGiven()
                    ? new int[] {settings.minDeclineDays(), settings.maxDeclineDays()} : null, random);
            accounts.add(account);
        }
        // Shuffled so that account ids say nothing about who churns.
        java.util.Collections.shuffle(accounts, random);
        calibrate(sparkify);
    }

    private int logUniform(int from, int to) {
        return (int) Math.round(Math.exp(Math.log(from) + random.nextDouble() * Math.log(to / (double) from)));
    }

    private Persona persona(boolean churner, double decliningShare) {
        double r = random.nextDouble();
        if (churner) {
            return r < decliningShare ? Persona.DECLINING_CHURNER : Persona.ABRUPT_CHURNER;
        }
        return r < 0.7 ? Persona.STEADY : r < 0.88 ? Persona.DIP : Persona.SLOW_DECLINE;
    }

    /** Sets actions per session so that the expected record count is the requested one. */
    private void calibrate(boolean sparkify) {
        double sessions = 0;
        double depthWeighted = 0;
        double signals = 0;
        double sessionsPerActiveDay = sparkify ? 1.3 : 1.0;
        for (SyntheticAccount a : accounts) {
            for (int day = 0; day < settings.days(); day++) {
                if (!a.activeOn(day)) {
                    continue;
                }
                double usage = a.usage(day);
                double active = 0;
                for (int u = 0; u < a.userActivity.length; u++) {
                    active += a.userStays(u, day) ? a.userActivity[u] * weekday(day) * usage : 0;
                }
                sessions += active * sessionsPerActiveDay;
                depthWeighted += active * sessionsPerActiveDay * a.depth * Math.sqrt(usage);
                signals += settings.format() == LogFormat.NATIVE ? 1.0 / 40 + 1.3 / 25 * 2 + 1.0 / 30 : 0;
            }
        }
        double target = Math.max(1, settings.events() * (1 - NOISE_SHARE) - signals);
        double minimumActions = 0.5;
        if (target >= sessions + minimumActions * depthWeighted) {
            actionsPerSession = (target - sessions) / depthWeighted;
        } else {
            // Too few records for this many accounts at full activity: users come less often instead.
            activityScale = target / (sessions + minimumActions * depthWeighted);
            actionsPerSession = minimumActions;
        }
    }

    private double weekday(int day) {
        int dow = LocalDate.ofInstant(settings.start(), ZoneOffset.UTC).plusDays(day).getDayOfWeek().getValue();
        return dow >= 6 ? 0.35 : 1.0;
    }

    private void accountDay(SyntheticAccount a, int day, List<Line> out, List<PendingClose> openTickets) {
        long dayStart = settings.start().toEpochMilli() + day * DAY_MS;
        boolean sparkify = settings.format() == LogFormat.SPARKIFY;
        if (day == a.churnDay) {
            long at = dayStart + workTime();
            churnedAt.put(a.id, Instant.ofEpochMilli(at));
            cancel(a, at, out, sparkify);
            return;
        }
        if (!a.activeOn(day)) {
            return;
        }
        if (day == a.upgradeDay) {
            long at = dayStart + workTime();
            upgradedAt.put(a.id, Instant.ofEpochMilli(at));
            long session = ++sessionSequence;
            out.add(sparkify(a, at - 60_000, session, "Upgrade"));
            out.add(sparkify(a, at, session, "Submit Upgrade"));
        }
        if (settings.format() == LogFormat.NATIVE) {
            nativeAccountFacts(a, day, dayStart, out, openTickets);
        } else if (settings.format() == LogFormat.ORGS && day < 7 && day < a.onboardingSteps) {
            out.add(orgPage(a, a.id + "-m001", dayStart + workTime(), 0, "/onboarding/" + ONBOARDING.get(day) + "/done"));
        }
        double usage = a.usage(day);
        for (int u = 0; u < a.userActivity.length; u++) {
            double p = a.userStays(u, day) ? activityScale * a.userActivity[u] * weekday(day) * usage : 0;
            int sessions = random.nextDouble() < p ? (sparkify && random.nextDouble() < 0.3 ? 2 : 1) : 0;
            for (int s = 0; s < sessions; s++) {
                session(a, u, day, dayStart + workTime(), out, sparkify);
            }
        }
        if (random.nextDouble() < NOISE_SHARE * 40) {
            noise(a, dayStart + workTime(), out, sparkify);
        }
    }

    private void session(SyntheticAccount a, int user, int day, long start, List<Line> out, boolean sparkify) {
        long session = ++sessionSequence;
        if (settings.format() == LogFormat.ORGS) {
            orgSession(a, user, day, start, session, out);
            return;
        }
        String userId = sparkify ? a.id : a.id + "-u" + String.format("%02d", user + 1);
        long t = start;
        out.add(sparkify ? sparkify(a, t, session, "Home") : nativeEvent(a, userId, t, "login", null));
        int actions = poisson(actionsPerSession * a.depth * Math.sqrt(a.usage(day)));
        double keyShare = KEY_SHARE * a.keyFeatureUse(day);
        for (int i = 0; i < actions; i++) {
            t += 20_000 + random.nextInt(200_000);
            boolean key = random.nextDouble() < keyShare;
            if (sparkify) {
                out.add(sparkify(a, t, session, sparkifyPage(a, key, day)));
            } else {
                String feature = key ? a.keyFeature(day, random) : null;
                feature = feature == null ? pick(NATIVE_OTHER_FEATURES) : feature;
                out.add(random.nextDouble() < 0.25
                        ? nativeEvent(a, userId, t, "page_view", "\"page\":\"/" + feature + "\"")
                        : nativeEvent(a, userId, t, "feature_used", "\"feature\":\"" + feature + "\""));
            }
        }
        if (sparkify && random.nextDouble() < 0.5) {
            out.add(sparkify(a, t + 30_000, session, "Logout"));
        }
    }

    /** A member's visit: the home page (a new session is a login), then pages, a key feature's page or another. */
    private void orgSession(SyntheticAccount a, int user, int day, long start, long session, List<Line> out) {
        long t = start;
        out.add(orgPage(a, member(a, user), t, session, "/app/home"));
        int pages = poisson(actionsPerSession * a.depth * Math.sqrt(a.usage(day)));
        double keyShare = KEY_SHARE * a.keyFeatureUse(day);
        for (int i = 0; i < pages; i++) {
            t += 5_000 + random.nextInt(120_000);
            String feature = random.nextDouble() < keyShare ? a.keyFeature(day, random) : null;
            String path = feature != null ? "/app/" + feature
                    : pick(List.of("/app/search", "/app/comments", "/app/notifications", "/settings/profile", "/help"));
            out.add(orgPage(a, member(a, user), t, session, path));
        }
    }

    private static String member(SyntheticAccount a, int user) {
        return a.id + "-m" + String.format("%03d", user + 1);
    }

    private Line orgPage(SyntheticAccount a, String member, long at, long session, String path) {
        StringBuilder json = new StringBuilder(128).append("{\"t\":").append(at).append(",\"kind\":\"page\"");
        if (a != null) {
            json.append(",\"org\":\"").append(a.id).append('"');
        }
        json.append(",\"member\":\"").append(member).append("\",\"sid\":\"s").append(session)
                .append("\",\"path\":\"").append(path).append("\"}");
        return new Line(at, json.toString());
    }

    private String sparkifyPage(SyntheticAccount a, boolean key, int day) {
        if (random.nextDouble() < (a.unhappy(day) ? 0.08 : 0.015)) {
            return "Thumbs Down";
        }
        if (!key) {
            return random.nextDouble() < 0.75 ? "NextSong"
                    : pick(List.of("Settings", "Help", "About", "Roll Advert", "Error", "Save Settings"));
        }
        String feature = random.nextDouble() < 0.85 || a.adoptedKeyFeatures.size() == 1
                ? "play" : pick(a.adoptedKeyFeatures.subList(1, a.adoptedKeyFeatures.size()));
        return switch (feature) {
            case "playlist" -> "Add to Playlist";
            case "thumbs-up" -> "Thumbs Up";
            case "social" -> "Add Friend";
            default -> "NextSong";
        };
    }

    private void nativeAccountFacts(SyntheticAccount a, int day, long dayStart, List<Line> out,
                                    List<PendingClose> openTickets) {
        if (day == 0) {
            int seats = a.userActivity.length + random.nextInt(a.userActivity.length / 3 + 1);
            LocalDate renewal = a.persona.churns() && random.nextDouble() < 0.6
                    ? LocalDate.ofInstant(settings.start(), ZoneOffset.UTC).plusDays(a.churnDay)
                    : LocalDate.ofInstant(settings.start(), ZoneOffset.UTC).plusDays(10 + random.nextInt(355));
            out.add(nativeEvent(a, null, dayStart + 60_000, "account_updated",
                    "\"plan\":\"" + PLANS[random.nextInt(PLANS.length)] + "\",\"seats\":" + seats
                            + ",\"segment\":\"" + SEGMENTS[random.nextInt(SEGMENTS.length)] + "\",\"renewal_date\":\""
                            + renewal + "\""));
        }
        if (day < 7 && day < a.onboardingSteps) {
            out.add(nativeEvent(a, a.id + "-u01", dayStart + workTime(), "onboarding_step",
                    "\"step\":\"" + ONBOARDING.get(day) + "\""));
        }
        boolean unhappy = a.unhappy(day);
        if (random.nextDouble() < (unhappy ? 1 / 8.0 : 1 / 40.0)) {
            int nps = unhappy ? (random.nextDouble() < 0.7 ? random.nextInt(7) : 7 + random.nextInt(4))
                    : (random.nextDouble() < 0.1 ? random.nextInt(7) : 7 + random.nextInt(4));
            out.add(nativeEvent(a, null, dayStart + workTime(), "nps_response", "\"score\":" + nps));
        }
        if (random.nextDouble() < (unhappy ? 2 / 25.0 : 1 / 25.0)) {
            String priority = random.nextDouble() < (unhappy ? 0.45 : 0.15) ? "high" : "normal";
            String ticket = "T-" + (++ticketSequence);
            out.add(nativeEvent(a, null, dayStart + workTime(), "ticket_opened",
                    "\"ticket\":\"" + ticket + "\",\"priority\":\"" + priority + "\""));
            openTickets.add(new PendingClose(ticket, day + 1 + random.nextInt(7)));
        }
        for (var it = openTickets.iterator(); it.hasNext();) {
            PendingClose close = it.next();
            if (close.day() == day) {
                out.add(nativeEvent(a, null, dayStart + workTime(), "ticket_closed", "\"ticket\":\"" + close.ticket() + "\""));
                it.remove();
            }
        }
        if (day % 30 == a.paymentDay) {
            boolean fails = random.nextDouble() < (unhappy ? 0.3 : 0.03);
            out.add(nativeEvent(a, null, dayStart + 3_600_000, fails ? "payment_failed" : "payment_succeeded", null));
        } else if (day % 30 == (a.paymentDay + 3) % 30 && day >= 3) {
            out.add(nativeEvent(a, null, dayStart + 3_600_000, "payment_succeeded", null));
        }
    }

    private void cancel(SyntheticAccount a, long at, List<Line> out, boolean sparkify) {
        if (settings.format() == LogFormat.ORGS) {
            long session = ++sessionSequence;
            out.add(orgPage(a, a.id + "-m001", at - 90_000, session, "/billing/cancel"));
            out.add(orgPage(a, a.id + "-m001", at, session, "/billing/cancel/confirmed"));
        } else if (sparkify) {
            long session = ++sessionSequence;
            out.add(sparkify(a, at - 60_000, session, "Cancel"));
            out.add(sparkify(a, at, session, "Cancellation Confirmation"));
        } else {
            out.add(nativeEvent(a, null, at, "subscription_cancelled", null));
        }
    }

    private void noise(SyntheticAccount a, long at, List<Line> out, boolean sparkify) {
        if (settings.format() == LogFormat.ORGS) {
            out.add(orgPage(null, "anonymous", at, ++sessionSequence, "/login"));
        } else if (sparkify) {
            out.add(new Line(at, "{\"ts\":" + at + ",\"userId\":\"\",\"sessionId\":" + (++sessionSequence)
                    + ",\"page\":\"Home\",\"auth\":\"Logged Out\",\"level\":\"free\",\"itemInSession\":0}"));
        } else {
            out.add(nativeEvent(a, null, at, "heartbeat", null));
        }
    }

    private Line nativeEvent(SyntheticAccount a, String user, long at, String event, String extra) {
        StringBuilder json = new StringBuilder(128).append("{\"ts\":\"").append(Instant.ofEpochMilli(at))
                .append("\",\"account\":\"").append(a.id).append('"');
        if (user != null) {
            json.append(",\"user\":\"").append(user).append('"');
        }
        json.append(",\"event\":\"").append(event).append('"');
        if (extra != null) {
            json.append(',').append(extra);
        }
        return new Line(at, json.append('}').toString());
    }

    private Line sparkify(SyntheticAccount a, long at, long session, String page) {
        StringBuilder json = new StringBuilder(160).append("{\"ts\":").append(at).append(",\"userId\":\"").append(a.id)
                .append("\",\"sessionId\":").append(session).append(",\"page\":\"").append(page)
                .append("\",\"auth\":\"Logged In\",\"level\":\"").append(levelOf(a, at)).append('"');
        if (page.equals("NextSong")) {
            json.append(",\"song\":\"Song ").append(random.nextInt(5000)).append("\",\"length\":")
                    .append(120 + random.nextInt(240));
        }
        return new Line(at, json.append('}').toString());
    }

    private String levelOf(SyntheticAccount a, long at) {
        int day = (int) ((at - settings.start().toEpochMilli()) / DAY_MS);
        if (a.persona == Persona.UPGRADER) {
            // Free until the upgrade; the "Submit Upgrade" page itself is the last free one.
            return day > a.upgradeDay || day == a.upgradeDay && at > upgradedAt.get(a.id).toEpochMilli()
                    ? "paid" : "free";
        }
        boolean paid = a.depth > 1.0;
        // Some decliners downgrade to the free tier before they leave.
        if (paid && a.persona == Persona.DECLINING_CHURNER && a.declineProgress(day) > 0.6 && a.depth < 1.3) {
            paid = false;
        }
        return paid ? "paid" : "free";
    }

    private long workTime() {
        return 7 * 3_600_000L + (long) (random.nextDouble() * 13 * 3_600_000L);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit && n < 1000) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    private void writeOutcomes(Path outcomes) throws IOException {
        try (Writer out = writer(outcomes)) {
            out.write("account,churned_at\n");
            for (SyntheticAccount a : accounts) {
                Instant at = churnedAt.get(a.id);
                out.write(a.id + "," + (at == null ? "" : at.toString()) + "\n");
            }
        }
    }

    private static Writer writer(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream stream = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            stream = new GZIPOutputStream(stream, 1 << 16);
        }
        return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }

    /** How many accounts of each persona the plan holds. */
    public Map<Persona, Integer> personaCounts() {
        Map<Persona, Integer> counts = new EnumMap<>(Persona.class);
        accounts.forEach(a -> counts.merge(a.persona, 1, Integer::sum));
        return counts;
    }

    private record Line(long time, String json) {
    }

    private record PendingClose(String ticket, int day) {
    }
}
