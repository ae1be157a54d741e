package io.healthscore.ingest.scope;

import io.healthscore.avro.SignalType;
import io.healthscore.ingest.config.SourceSettings;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The scope of every configured source, read from {@code ingest.sources.<name>.usage|signals|profile-fields}.
 * Start-up stops with a message naming the source and the value when a grant names no signal type or profile
 * field, so a typo cannot silently widen or narrow a key.
 */
@Singleton
public final class SourceScopes {

    private static final String ALL = "all";

    private final Map<String, SourceScope> scopes = new LinkedHashMap<>();

    public SourceScopes(Collection<SourceSettings> settings) {
        for (SourceSettings s : settings) {
            scopes.put(s.getName(), new SourceScope(s.getName(), s.isUsage(), signals(s), fields(s)));
        }
    }

    /** The scope of an authenticated source; an unknown name (never authenticated) gets the defaults. */
    public SourceScope of(String source) {
        SourceScope scope = scopes.get(source);
        return scope != null ? scope : SourceScope.defaults(source);
    }

    public Map<String, SourceScope> all() {
        return Map.copyOf(scopes);
    }

    private static Set<SignalType> signals(SourceSettings s) {
        EnumSet<SignalType> out = EnumSet.noneOf(SignalType.class);
        for (String value : s.getSignals()) {
            String text = value.trim();
            if (text.equalsIgnoreCase(ALL)) {
                out.addAll(EnumSet.complementOf(EnumSet.of(SignalType.OTHER)));
                continue;
            }
            SignalType type = signalNamed(text);
            if (type == null || type == SignalType.OTHER) {
                throw new IllegalArgumentException("ingest.sources." + s.getName() + ".signals: '" + value
                        + "' is not one of all, " + signalNames());
            }
            out.add(type);
        }
        return out;
    }

    private static Set<ProfileField> fields(SourceSettings s) {
        EnumSet<ProfileField> out = EnumSet.noneOf(ProfileField.class);
        for (String value : s.getProfileFields()) {
            String text = value.trim();
            if (text.equalsIgnoreCase(ALL)) {
                out.addAll(EnumSet.allOf(ProfileField.class));
                continue;
            }
            out.add(ProfileField.named(text).orElseThrow(() -> new IllegalArgumentException("ingest.sources."
                    + s.getName() + ".profile-fields: '" + value + "' is not one of all, " + fieldNames())));
        }
        return out;
    }

    private static SignalType signalNamed(String text) {
        String wanted = text.replace("-", "_").toUpperCase(Locale.ROOT);
        for (SignalType type : SignalType.values()) {
            if (type.name().equals(wanted)) {
                return type;
            }
        }
        return null;
    }

    private static String signalNames() {
        return String.join(", ", EnumSet.complementOf(EnumSet.of(SignalType.OTHER)).stream()
                .map(t -> t.name().toLowerCase(Locale.ROOT)).toList());
    }

    private static String fieldNames() {
        return String.join(", ", List.of(ProfileField.values()).stream().map(ProfileField::fieldName).toList());
    }
}
