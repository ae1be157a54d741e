package io.healthscore.alert.compose;

import io.healthscore.alert.playbook.PlaybookException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Customer-email templates on the classpath at {@code templates/<name>.<language>.txt}: the first line is
 * {@code Subject: ...}, then a blank line, then the body. Placeholders: {@code {{accountName}}}, {@code {{link}}},
 * {@code {{renewalDate}}}. A line with {@code {{link}}} is left out when no customer-facing link is configured.
 * Shipped languages are {@code ja} and {@code en}; any other contact language gets English.
 */
@Singleton
public final class CustomerTemplates {

    public static final List<String> LANGUAGES = List.of("ja", "en");
    private static final String FALLBACK = "en";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    /** A parsed template. */
    public record Template(String subject, String body) {
    }

    /** Fails with a message naming the template when it is missing in any shipped language. */
    public void requireAllLanguages(String name, String where) {
        for (String language : LANGUAGES) {
            if (load(name, language) == null) {
                throw new PlaybookException(where + ": customer-email template '" + name + "' has no "
                        + language + " version (templates/" + name + "." + language + ".txt)");
            }
        }
    }

    /** The shipped language used for a contact's BCP 47 language tag. */
    public static String languageFor(String contactLanguage) {
        if (contactLanguage == null) {
            return FALLBACK;
        }
        String primary = Locale.forLanguageTag(contactLanguage.strip()).getLanguage();
        return LANGUAGES.contains(primary) ? primary : FALLBACK;
    }

    public Template template(String name, String language) {
        Template t = load(name, language);
        if (t == null) {
            throw new IllegalStateException("template '" + name + "." + language + "' disappeared");
        }
        return t;
    }

    private Template load(String name, String language) {
        if (!NAME.matcher(name).matches()) {
            return null;
        }
        return cache.computeIfAbsent(name + "." + language, key -> read("templates/" + key + ".txt"));
    }

    private static Template read(String resource) {
        try (InputStream in = CustomerTemplates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int firstBreak = text.indexOf('\n');
            String first = firstBreak < 0 ? text : text.substring(0, firstBreak);
            if (!first.startsWith("Subject:")) {
                throw new PlaybookException(resource + ": the first line must be 'Subject: ...'");
            }
            return new Template(first.substring("Subject:".length()).strip(), text.substring(firstBreak + 1).strip() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
