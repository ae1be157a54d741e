package io.healthscore.ingest.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * One source of events ({@code ingest.sources.<name>.write-key-sha256}): its name, which is stamped on every
 * record it sends, and the lower-case hex SHA-256 of its write key. The key itself is never configured.
 */
@EachProperty("ingest.sources")
public class SourceSettings {

    private final String name;
    private String writeKeySha256;

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

    @Override
    public String toString() {
        return "SourceSettings[name=" + name + ", writeKeySha256=[hidden]]";
    }
}
