package io.healthscore.alert.console;

import io.micronaut.core.annotation.Nullable;
import java.util.Locale;
import java.util.Optional;

/** The console's languages: English (the default) and Japanese. */
public enum Language {
    EN(Locale.ENGLISH), JA(Locale.JAPANESE);

    private final Locale locale;

    Language(Locale locale) {
        this.locale = locale;
    }

    public Locale locale() {
        return locale;
    }

    /** The tag as HTML's lang attribute and the settings form take it: "en", "ja". */
    public String tag() {
        return locale.getLanguage();
    }

    public static Optional<Language> of(@Nullable String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        for (Language l : values()) {
            if (l.tag().equalsIgnoreCase(tag.strip())) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * The best of the console's languages for an Accept-Language header: the first one the browser ranks highest
     * (by q, then by order), English when it names none of them or the header cannot be read.
     */
    public static Language fromAcceptLanguage(@Nullable String header) {
        if (header == null || header.isBlank() || header.length() > 1000) {
            return EN;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                if (range.getWeight() <= 0) {
                    continue;
                }
                String primary = range.getRange().split("-", 2)[0];
                if (primary.equals("*")) {
                    return EN;
                }
                Optional<Language> l = of(primary);
                if (l.isPresent()) {
                    return l.get();
                }
            }
        } catch (IllegalArgumentException unreadable) {
            return EN;
        }
        return EN;
    }
}
