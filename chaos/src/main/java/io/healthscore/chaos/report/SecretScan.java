package io.healthscore.chaos.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Searches a run's log files for its secrets: every configured value whose setting names a secret (key, token,
 * password, secret, credentials), the client's write key and the Slack webhook URL's secret path. A hit names the
 * secret and the file, never the value.
 */
public final class SecretScan {

    /** Setting names that hold secrets, in environment-variable or property form. */
    private static final Pattern SECRET_SETTING = Pattern.compile(
            "(?i).*(secret|token|password|passwd|credential|jaas|write[-_.]?key|api[-_.]?key|user[-_.]?info).*");
    /** Shorter values (flags, "true") are settings that merely name secrets, not secrets. */
    private static final int SHORTEST_SECRET = 8;

    private SecretScan() {
    }

    /** One secret found in one file. */
    public record Hit(String secret, Path file) {
    }

    /** What was scanned and found. */
    public record Result(List<String> secrets, int files, long bytes, List<Hit> hits) {
    }

    /** The settings among {@code settings} (name → value) that hold secrets, as name → value. */
    public static void collect(Map<String, String> settings, String owner, Map<String, String> into) {
        settings.forEach((name, value) -> {
            if (SECRET_SETTING.matcher(name).matches() && value != null && value.length() >= SHORTEST_SECRET) {
                into.put(owner + " " + name, value);
            }
        });
    }

    /** The files under {@code dir} that are logs: {@code *.log}, RocksDB's {@code LOG*}, outside {@code skip}. */
    public static List<Path> logFiles(Path dir, List<Path> skip) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> skip.stream().noneMatch(p::startsWith))
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return name.endsWith(".log") || name.startsWith("LOG");
                    })
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result scan(Map<String, String> secrets, List<Path> files) {
        List<Hit> hits = new ArrayList<>();
        long bytes = 0;
        for (Path file : files) {
            String text;
            try {
                // Latin-1 maps every byte to one char, so a secret is found whatever else the file holds.
                text = Files.readString(file, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                continue;
            }
            bytes += text.length();
            secrets.forEach((name, value) -> {
                if (text.contains(new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
                    hits.add(new Hit(name, file));
                }
            });
        }
        return new Result(List.copyOf(secrets.keySet()), files.size(), bytes, List.copyOf(hits));
    }
}
