package io.healthscore.ingest.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

import java.util.List;

/**
 * One source of events ({@code ingest.sources.<name>.*}): its name, which is stamped on every record it sends,
 * the lower-case hex SHA-256 of its write key (the key itself is never configured), and its scope:
 * {@code usage} (may send usage events; default true), {@code signals} (signal types it may send, or {@code all};
 * default none), {@code profile-fields} (profile facts it may write besides {@code name}, or {@code all}; default
 * none) and {@code new-accounts-per-hour} (accounts it may introduce per hour; default
 * {@code ingest.new-accounts.per-source-per-hour}). See {@link io.healthscore.ingest.scope.SourceScope}.
 * {@code allowed-origins}: the web origins ({@code https://app.example.com}) whose pages may post with this source's
 * key from a browser (default none); see {@link io.healthscore.ingest.cors.BrowserOrigins}.
 */
@EachProperty("ingest.sources")
public class SourceSettings {

    private final String name;
    private String writeKeySha256;
    private boolean usage = true;
    private List<String> signals = List.of();
    private List<String> profileFields = List.of();
    private Integer newAccountsPerHour;
    private List<String> allowedOrigins = List.of();

    public SourceSettings(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getWriteKeySha256() {
        return writeKeySha256;
    }

    public void setWriteKeySha256(String writeKeySha256) {
        this.writeKeySha256 = writeKeySha256;
    }

    public boolean isUsage() {
        return usage;
    }

    public void setUsage(boolean usage) {
        this.usage = usage;
    }

    public List<String> getSignals() {
        return signals;
    }

    public void setSignals(List<String> signals) {
        this.signals = signals == null ? List.of() : List.copyOf(signals);
    }

    public List<String> getProfileFields() {
        return profileFields;
    }

    public void setProfileFields(List<String> profileFields) {
        this.profileFields = profileFields == null ? List.of() : List.copyOf(profileFields);
    }

    public Integer getNewAccountsPerHour() {
        return newAccountsPerHour;
    }

    public void setNewAccountsPerHour(Integer newAccountsPerHour) {
        this.newAccountsPerHour = newAccountsPerHour;
    }

    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    @Override
    public String toString() {
        return "SourceSettings[name=" + name + ", writeKeySha256=[hidden], usage=" + usage + ", signals=" + signals
                + ", profileFields=" + profileFields + ", allowedOrigins=" + allowedOrigins + "]";
    }
}
