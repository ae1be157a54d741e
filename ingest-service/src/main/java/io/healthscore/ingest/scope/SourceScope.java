package io.healthscore.ingest.scope;

import io.healthscore.avro.SignalType;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one source (write key) may write. A source without grants may send usage events (native events,
 * Segment track, page, screen, identify and alias) and the profile facts every source may write ({@code name});
 * routing and contract facts of a profile, and each signal type, need an explicit grant, so a public browser key
 * can never choose who is mailed, change an account's handling, or fake payments, tickets and NPS answers.
 * A write outside the scope is refused with 403 naming the field and the source.
 */
public record SourceScope(String source, boolean usage, Set<SignalType> signals, Set<ProfileField> profileFields) {

    public SourceScope {
        signals = signals.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(signals));
        EnumSet<ProfileField> fields = EnumSet.of(ProfileField.NAME);
        fields.addAll(profileFields);
        profileFields = Set.copyOf(fields);
    }

    /** The scope of a source with no grants beyond the defaults. */
    public static SourceScope defaults(String source) {
        return new SourceScope(source, true, Set.of(), Set.of());
    }

    /** A scope that may write everything (for sources whose configuration grants {@code all}). */
    public static SourceScope everything(String source) {
        return new SourceScope(source, true, EnumSet.allOf(SignalType.class), EnumSet.allOf(ProfileField.class));
    }

    public boolean allowsSignal(SignalType type) {
        return signals.contains(type);
    }

    public boolean allowsProfileField(ProfileField field) {
        return profileFields.contains(field);
    }

    /** The message of a refused profile field. */
    public String refusedField(ProfileField field) {
        return "source '" + source + "' may not write " + field.fieldName() + " (grant it with ingest.sources."
                + source + ".profile-fields)";
    }

    /** The message of a refused signal type. */
    public String refusedSignal(SignalType type) {
        return "source '" + source + "' may not send " + type.name().toLowerCase(Locale.ROOT)
                + " signals (grant it with ingest.sources." + source + ".signals)";
    }

    /** The message of refused usage events. */
    public String refusedUsage() {
        return "source '" + source + "' may not send usage events (ingest.sources." + source + ".usage is false)";
    }

    /** For logs and the demo's endpoint list: the grants in configuration terms. */
    public String describe() {
        String fields = profileFields.stream().map(ProfileField::fieldName).sorted().collect(Collectors.joining(","));
        String types = signals.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(","));
        return "usage=" + usage + " profile-fields=[" + fields + "] signals=[" + types + "]";
    }
}
