package io.healthscore.alert.console;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The console's message bundles, {@code console/messages_<tag>.properties} (UTF-8), one per {@link Language}. Every
 * bundle must hold exactly the English one's keys: a bundle that misses or adds one stops the service at start, so a
 * page never shows a key instead of a sentence.
 */
@Singleton
public final class Messages {

    private static final class English {
        static final Text TEXT = new Messages().text(Language.EN);
    }

    private final Map<Language, Map<String, String>> bundles = new EnumMap<>(Language.class);
    private final Map<Language, Text> texts = new EnumMap<>(Language.class);

    public Messages() {
        for (Language language : Language.values()) {
            bundles.put(language, load(language));
        }
        Set<String> english = bundles.get(Language.EN).keySet();
        for (Language language : Language.values()) {
            Set<String> keys = bundles.get(language).keySet();
            if (!keys.equals(english)) {
                Set<String> missing = new TreeSet<>(english);
                missing.removeAll(keys);
                Set<String> extra = new TreeSet<>(keys);
                extra.removeAll(english);
                throw new IllegalStateException("console/messages_" + language.tag() + ".properties does not hold "
                        + "the English bundle's keys: missing " + missing + ", unknown " + extra);
            }
            texts.put(language, new Text(language, bundles.get(language)));
        }
    }

    /** The English words, for messages that leave the console (logs, exceptions' messages). */
    static Text english() {
        return English.TEXT;
    }

    public Text text(Language language) {
        return texts.get(language);
    }

    /** The bundle's patterns by key, for tests and checks. */
    public Map<String, String> bundle(Language language) {
        return bundles.get(language);
    }

    private static Map<String, String> load(Language language) {
        String path = "/console/messages_" + language.tag() + ".properties";
        try (InputStream in = Messages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no message bundle " + path + " on the class path");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> out = new java.util.HashMap<>();
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
