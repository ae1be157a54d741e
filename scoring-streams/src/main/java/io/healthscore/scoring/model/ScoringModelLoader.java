package io.healthscore.scoring.model;

import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a {@link ScoringModel} from YAML. Every field but {@code modelVersion} is optional and falls back to
 * the SPEC §3 default; unknown fields, wrong types and out-of-range values fail with a {@link ModelFileException}
 * naming the file, line and field, so a bad file stops start-up instead of scoring with a wrong model.
 * See {@code src/main/resources/scoring-model.yml} for the format.
 */
public final class ScoringModelLoader {

    private static final int MAX_FILE_BYTES = 1 << 20;
    /** How far a stated calibrated boundary may lie from where the table puts it (rounding in the file). */
    private static final double BOUNDARY_TOLERANCE = 0.5;

    private ScoringModelLoader() {
    }

    public static ScoringModel load(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ModelFileException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    public static ScoringModel loadResource(String name) {
        try (var in = ScoringModelLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new ModelFileException(name + ": no such resource on the class path");
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelFileException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Parses YAML text; {@code fileName} appears in error messages. */
    public static ScoringModel parse(String fileName, String yaml) {
        Node root = compose(fileName, new StringReader(yaml));
        if (root == null) {
            throw new ModelFileException(fileName + ": empty; it needs at least 'modelVersion'");
        }
        Map<String, YamlField> top = new YamlField(fileName, "", root).children(Set.of("modelVersion", "weights",
                "segments", "keyFeatures", "onboardingSteps", "components", "levels", "alerts", "emitStep", "expansion"));
        YamlField versionField = top.get("modelVersion");
        if (versionField == null) {
            throw new ModelFileException(fileName + " line 1, field 'modelVersion': missing; every model needs a version");
        }
        String version = versionField.text();
        Map<ScoreComponent, Double> weights = top.containsKey("weights")
                ? weights(top.get("weights"), true) : ScoringModel.DEFAULT_WEIGHTS;
        Map<String, Map<ScoreComponent, Double>> segments = new LinkedHashMap<>();
        if (top.containsKey("segments")) {
            top.get("segments").children(null).forEach((segment, field) ->
                    segments.put(segment, weights(field.children(Set.of("weights")).get("weights"), false)));
        }
        Set<String> keyFeatures = top.containsKey("keyFeatures")
                ? new LinkedHashSet<>(top.get("keyFeatures").textList()) : Set.of();
        Set<String> steps = top.containsKey("onboardingSteps")
                ? new LinkedHashSet<>(top.get("onboardingSteps").textList()) : Set.of();
        ComponentParameters components = top.containsKey("components")
                ? components(top.get("components")) : ComponentParameters.defaults();
        LevelThresholds levels = top.containsKey("levels") ? levels(top.get("levels")) : LevelThresholds.defaults();
        AlertThresholds alerts = AlertThresholds.defaults();
        Duration cooldown = Duration.ofDays(7);
        if (top.containsKey("alerts")) {
            Map<String, YamlField> a = top.get("alerts").children(Set.of("cooldownDays", "scoreDrop", "inactivityDays",
                    "renewal", "paymentFailed", "detractorNps", "usageDecline", "riskRise"));
            alerts = alerts(a, alerts);
            if (a.containsKey("cooldownDays")) {
                cooldown = Duration.ofDays(a.get("cooldownDays").integer(0, 365));
            }
        }
        double emitStep = top.containsKey("emitStep") ? top.get("emitStep").number(0, 100) : 1.0;
        ExpansionThresholds expansion = top.containsKey("expansion")
                ? expansion(top.get("expansion")) : ExpansionThresholds.defaults();
        return new ScoringModel(version, weights, segments, keyFeatures, steps, components, levels, alerts, cooldown,
                emitStep, expansion);
    }

    private static Node compose(String fileName, Reader reader) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            return new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ModelFileException(fileName + " line " + line + ": not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ModelFileException(fileName + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private static Map<ScoreComponent, Double> weights(YamlField field, boolean requireSome) {
        Map<ScoreComponent, Double> weights = new EnumMap<>(ScoreComponent.class);
        Map<String, ScoreComponent> byName = new LinkedHashMap<>();
        for (ScoreComponent c : ScoreComponent.values()) {
            byName.put(yamlName(c), c);
        }
        field.children(byName.keySet()).forEach((name, value) -> weights.put(byName.get(name), value.number(0, 1000)));
        if (requireSome && weights.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw field.error("at least one weight must be above 0");
        }
        return weights;
    }

    /** ACTIVITY -> activity, LOGIN_FREQUENCY -> loginFrequency. */
    static String yamlName(ScoreComponent component) {
        String[] parts = component.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            name.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return name.toString();
    }

    /** LOGIN_FREQUENCY -> "login frequency", for reasons in words. */
    public static String describe(ScoreComponent component) {
        return component.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static ComponentParameters components(YamlField field) {
        ComponentParameters d = ComponentParameters.defaults();
        Map<String, YamlField> c = field.children(Set.of("targetLoginDays", "ticketPenalty", "ticketWindowDays",
                "paymentPenalty", "paymentWindowDays", "promoterScore", "passiveScore", "detractorScore",
                "npsMaxAgeDays"));
        Function<String, YamlField> f = c::get;
        return new ComponentParameters(
                c.containsKey("targetLoginDays") ? f.apply("targetLoginDays").integer(1, 28) : d.targetLoginDays(),
                c.containsKey("ticketPenalty") ? f.apply("ticketPenalty").number(0, 100) : d.ticketPenalty(),
                c.containsKey("ticketWindowDays") ? f.apply("ticketWindowDays").integer(1, 365) : d.ticketWindowDays(),
                c.containsKey("paymentPenalty") ? f.apply("paymentPenalty").number(0, 100) : d.paymentPenalty(),
                c.containsKey("paymentWindowDays") ? f.apply("paymentWindowDays").integer(1, 365) : d.paymentWindowDays(),
                c.containsKey("promoterScore") ? f.apply("promoterScore").number(0, 100) : d.promoterScore(),
                c.containsKey("passiveScore") ? f.apply("passiveScore").number(0, 100) : d.passiveScore(),
                c.containsKey("detractorScore") ? f.apply("detractorScore").number(0, 100) : d.detractorScore(),
                c.containsKey("npsMaxAgeDays") ? f.apply("npsMaxAgeDays").integer(1, 3650) : d.npsMaxAgeDays());
    }

    private static LevelThresholds levels(YamlField field) {
        LevelThresholds d = LevelThresholds.defaults();
        Map<String, YamlField> l = field.children(Set.of("lv2", "lv3", "lv4", "hysteresis", "calibration"));
        RiskCalibration calibration = l.containsKey("calibration") ? calibration(l.get("calibration")) : null;
        if (calibration != null) {
            // Calibrated boundaries come from the fit; the 40 / 60 / 80 defaults would not mean the risk bands.
            for (String boundary : List.of("lv2", "lv3", "lv4")) {
                if (!l.containsKey(boundary)) {
                    throw field.error("'" + boundary + "' is missing; a calibrated model states every boundary");
                }
            }
        }
        double lv2 = l.containsKey("lv2") ? l.get("lv2").number(0, 100) : d.lv2();
        double lv3 = l.containsKey("lv3") ? l.get("lv3").number(0, 100) : d.lv3();
        double lv4 = l.containsKey("lv4") ? l.get("lv4").number(0, 100) : d.lv4();
        double hysteresis = l.containsKey("hysteresis") ? l.get("hysteresis").number(0, 20) : d.hysteresis();
        if (calibration != null && lv3 < lv2) {
            throw l.get("lv3").error("boundaries must rise from lv2 to lv4, got lv2 " + lv2 + " and lv3 " + lv3);
        }
        if (calibration != null && lv4 < lv3) {
            throw l.get("lv4").error("boundaries must rise from lv2 to lv4, got lv3 " + lv3 + " and lv4 " + lv4);
        }
        LevelThresholds levels;
        try {
            levels = new LevelThresholds(lv2, lv3, lv4, hysteresis, calibration);
        } catch (IllegalArgumentException e) {
            throw field.error(e.getMessage());
        }
        if (calibration != null) {
            double[] expected = calibration.boundaries();
            String[] names = {"lv2", "lv3", "lv4"};
            double[] given = {lv2, lv3, lv4};
            double[] bands = {calibration.lv1MinRisk(), calibration.lv2MinRisk(), calibration.lv3MinRisk()};
            for (int i = 0; i < 3; i++) {
                if (Math.abs(given[i] - expected[i]) > BOUNDARY_TOLERANCE) {
                    throw l.get(names[i]).error("does not match the calibration: its table falls below "
                            + bands[i] + " risk at score " + expected[i] + ", so the level would not mean its band");
                }
            }
        }
        return levels;
    }

    private static RiskCalibration calibration(YamlField field) {
        Map<String, YamlField> c = field.children(Set.of("horizonDays", "riskBands", "table", "fittedOn"));
        for (String required : List.of("horizonDays", "riskBands", "table")) {
            if (!c.containsKey(required)) {
                throw field.error("'" + required + "' is missing; a calibration needs horizonDays, riskBands and table");
            }
        }
        int horizon = c.get("horizonDays").integer(1, 3650);
        YamlField bandsField = c.get("riskBands");
        Map<String, YamlField> b = bandsField.children(Set.of("lv1", "lv2", "lv3"));
        double[] bands = new double[3];
        for (int i = 0; i < 3; i++) {
            String name = "lv" + (i + 1);
            if (!b.containsKey(name)) {
                throw bandsField.error("'" + name + "' is missing; the bands are the lowest risk of lv1, lv2 and lv3");
            }
            bands[i] = b.get(name).number(0, 1);
            if (i > 0 && !(bands[i] < bands[i - 1])) {
                throw b.get(name).error("must be below " + bands[i - 1] + " (the band of lv" + i + "), got " + bands[i]);
            }
        }
        if (!(bands[0] < 1 && bands[2] > 0)) {
            throw bandsField.error("bands must lie strictly between 0 and 1");
        }
        List<RiskCalibration.Point> points = new ArrayList<>();
        List<YamlField> items = c.get("table").items();
        if (items.size() < 2) {
            throw c.get("table").error("needs at least 2 points {score, risk}, got " + items.size());
        }
        for (YamlField item : items) {
            Map<String, YamlField> p = item.children(Set.of("score", "risk"));
            if (!p.containsKey("score") || !p.containsKey("risk")) {
                throw item.error("each point needs 'score' and 'risk'");
            }
            double score = p.get("score").number(0, 100);
            double risk = p.get("risk").number(0, 1);
            if (!points.isEmpty()) {
                RiskCalibration.Point before = points.get(points.size() - 1);
                if (!(score > before.score())) {
                    throw p.get("score").error("scores must rise from point to point, got " + before.score()
                            + " then " + score);
                }
                if (risk > before.risk()) {
                    throw p.get("risk").error("risk must not rise with the score (a calibration is monotone), got "
                            + before.risk() + " then " + risk);
                }
            }
            points.add(new RiskCalibration.Point(score, risk));
        }
        String fittedOn = c.containsKey("fittedOn") ? c.get("fittedOn").text() : "";
        return new RiskCalibration(horizon, bands[0], bands[1], bands[2], points, fittedOn);
    }

    private static AlertThresholds alerts(Map<String, YamlField> a, AlertThresholds d) {
        double dropS = d.scoreDropSuspected();
        double dropI = d.scoreDropImminent();
        if (a.containsKey("scoreDrop")) {
            Map<String, YamlField> s = a.get("scoreDrop").children(Set.of("suspected", "imminent"));
            dropS = s.containsKey("suspected") ? s.get("suspected").number(0, 100) : dropS;
            dropI = s.containsKey("imminent") ? s.get("imminent").number(0, 100) : dropI;
        }
        int inS = d.inactivitySuspectedDays();
        int inI = d.inactivityImminentDays();
        if (a.containsKey("inactivityDays")) {
            Map<String, YamlField> s = a.get("inactivityDays").children(Set.of("suspected", "imminent"));
            inS = s.containsKey("suspected") ? s.get("suspected").integer(1, 365) : inS;
            inI = s.containsKey("imminent") ? s.get("imminent").integer(1, 365) : inI;
        }
        int renewalDays = d.renewalWindowDays();
        HealthLevel renewalMax = d.renewalMaxLevel();
        if (a.containsKey("renewal")) {
            Map<String, YamlField> s = a.get("renewal").children(Set.of("withinDays", "maxLevel"));
            renewalDays = s.containsKey("withinDays") ? s.get("withinDays").integer(1, 3650) : renewalDays;
            if (s.containsKey("maxLevel")) {
                YamlField level = s.get("maxLevel");
                try {
                    renewalMax = HealthLevel.valueOf(level.text().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw level.error("expected one of LV1, LV2, LV3, LV4, got '" + level.text() + "'");
                }
            }
        }
        int paymentDays = d.paymentRecentDays();
        if (a.containsKey("paymentFailed")) {
            Map<String, YamlField> s = a.get("paymentFailed").children(Set.of("recentDays"));
            paymentDays = s.containsKey("recentDays") ? s.get("recentDays").integer(1, 365) : paymentDays;
        }
        int npsMax = d.detractorMaxNps();
        int npsDays = d.detractorRecentDays();
        if (a.containsKey("detractorNps")) {
            Map<String, YamlField> s = a.get("detractorNps").children(Set.of("maxScore", "recentDays"));
            npsMax = s.containsKey("maxScore") ? s.get("maxScore").integer(0, 10) : npsMax;
            npsDays = s.containsKey("recentDays") ? s.get("recentDays").integer(1, 365) : npsDays;
        }
        if (dropI < dropS) {
            throw a.get("scoreDrop").error("imminent must be at least suspected");
        }
        if (inI < inS) {
            throw a.get("inactivityDays").error("imminent must be at least suspected");
        }
        UsageDeclineThresholds decline = a.containsKey("usageDecline")
                ? usageDecline(a.get("usageDecline"), d.usageDecline()) : d.usageDecline();
        RiskRiseThresholds rise = a.containsKey("riskRise") ? riskRise(a.get("riskRise"), d.riskRise()) : d.riskRise();
        return new AlertThresholds(dropS, dropI, inS, inI, renewalDays, renewalMax, paymentDays, npsMax, npsDays,
                decline, rise);
    }

    private static RiskRiseThresholds riskRise(YamlField field, RiskRiseThresholds d) {
        Map<String, YamlField> s = field.children(Set.of("windowDays", "minRise", "suspected", "imminent"));
        int window = s.containsKey("windowDays") ? s.get("windowDays").integer(RiskRiseThresholds.MIN_WINDOW_DAYS,
                RiskRiseThresholds.MAX_WINDOW_DAYS) : d.windowDays();
        double minRise = s.containsKey("minRise") ? positiveShare(s.get("minRise")) : d.minRise();
        double suspected = s.containsKey("suspected") ? positiveShare(s.get("suspected")) : d.suspected();
        double imminent = s.containsKey("imminent") ? positiveShare(s.get("imminent")) : d.imminent();
        if (imminent < suspected) {
            throw field.error("imminent must be at least suspected");
        }
        return new RiskRiseThresholds(window, minRise, suspected, imminent);
    }

    private static UsageDeclineThresholds usageDecline(YamlField field, UsageDeclineThresholds d) {
        Map<String, YamlField> s = field.children(Set.of("windowDays", "suspected", "imminent", "minUserDays"));
        int window = s.containsKey("windowDays") ? s.get("windowDays").integer(UsageDeclineThresholds.MIN_WINDOW_DAYS,
                UsageDeclineThresholds.MAX_WINDOW_DAYS) : d.windowDays();
        double suspected = s.containsKey("suspected") ? positiveShare(s.get("suspected")) : d.suspected();
        double imminent = s.containsKey("imminent") ? positiveShare(s.get("imminent")) : d.imminent();
        int minUserDays = s.containsKey("minUserDays") ? s.get("minUserDays").integer(1, 1_000_000) : d.minUserDays();
        if (imminent < suspected) {
            throw field.error("imminent must be at least suspected");
        }
        return new UsageDeclineThresholds(window, suspected, imminent, minUserDays);
    }

    private static double positiveShare(YamlField f) {
        double v = f.number(0, 1);
        if (v == 0) {
            throw f.error("expected a share above 0 and at most 1, got 0");
        }
        return v;
    }

    private static ExpansionThresholds expansion(YamlField field) {
        ExpansionThresholds d = ExpansionThresholds.defaults();
        Map<String, YamlField> e = field.children(Set.of("enabled", "cooldownDays", "seatsExceeded", "risingAdoption"));
        boolean enabled = d.enabled();
        if (e.containsKey("enabled")) {
            YamlField f = e.get("enabled");
            String text = f.text();
            if (!text.equals("true") && !text.equals("false")) {
                throw f.error("expected true or false, got '" + text + "'");
            }
            enabled = text.equals("true");
        }
        Duration cooldown = e.containsKey("cooldownDays")
                ? Duration.ofDays(e.get("cooldownDays").integer(0, 365)) : d.cooldown();
        int seatsWindow = d.seatsWindowDays();
        double margin = d.seatsMargin();
        int extra = d.seatsMinExtraUsers();
        if (e.containsKey("seatsExceeded")) {
            Map<String, YamlField> s = e.get("seatsExceeded").children(Set.of("windowDays", "margin", "minExtraUsers"));
            seatsWindow = s.containsKey("windowDays")
                    ? s.get("windowDays").integer(1, ExpansionThresholds.MAX_SEATS_WINDOW_DAYS) : seatsWindow;
            margin = s.containsKey("margin") ? s.get("margin").number(0, 10) : margin;
            extra = s.containsKey("minExtraUsers") ? s.get("minExtraUsers").integer(1, 1_000_000) : extra;
        }
        HealthLevel level = d.adoptionLevel();
        int sustained = d.adoptionSustainedDays();
        int window = d.adoptionWindowDays();
        double growth = d.adoptionMinGrowth();
        int minUserDays = d.adoptionMinUserDays();
        if (e.containsKey("risingAdoption")) {
            Map<String, YamlField> r = e.get("risingAdoption").children(Set.of("level", "sustainedDays", "windowDays",
                    "minGrowth", "minUserDays"));
            if (r.containsKey("level")) {
                YamlField f = r.get("level");
                try {
                    level = HealthLevel.valueOf(f.text().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException ex) {
                    throw f.error("expected one of LV1, LV2, LV3, LV4, got '" + f.text() + "'");
                }
            }
            sustained = r.containsKey("sustainedDays") ? r.get("sustainedDays").integer(0, 365) : sustained;
            window = r.containsKey("windowDays") ? r.get("windowDays").integer(
                    ExpansionThresholds.MIN_ADOPTION_WINDOW_DAYS, ExpansionThresholds.MAX_ADOPTION_WINDOW_DAYS) : window;
            if (r.containsKey("minGrowth")) {
                YamlField f = r.get("minGrowth");
                growth = f.number(0, 10);
                if (growth == 0) {
                    throw f.error("expected a growth above 0 (0.25 = a quarter more user-days), got 0");
                }
            }
            minUserDays = r.containsKey("minUserDays") ? r.get("minUserDays").integer(1, 1_000_000) : minUserDays;
        }
        return new ExpansionThresholds(enabled, seatsWindow, margin, extra, level, sustained, window, growth,
                minUserDays, cooldown);
    }
}
