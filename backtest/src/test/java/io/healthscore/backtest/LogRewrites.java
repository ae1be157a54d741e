package io.healthscore.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rewrites of a generated (time-ordered, plain text) log that tests replay against the original. */
final class LogRewrites {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogRewrites() {
    }

    /**
     * The same records in account order, as database exports and per-user dumps come: account after account (in
     * the order each first appears), each account's records in time order; records without the field last.
     */
    static Path accountOrdered(Path sorted, String accountField, Path out) throws IOException {
        Map<String, List<String>> byAccount = new LinkedHashMap<>();
        List<String> without = new ArrayList<>();
        for (String line : Files.readAllLines(sorted, StandardCharsets.UTF_8)) {
            JsonNode account = JSON.readTree(line).get(accountField);
            if (account == null || account.asText().isEmpty()) {
                without.add(line);
            } else {
                byAccount.computeIfAbsent(account.asText(), a -> new ArrayList<>()).add(line);
            }
        }
        List<String> lines = new ArrayList<>();
        byAccount.values().forEach(lines::addAll);
        lines.addAll(without);
        Files.write(out, lines, StandardCharsets.UTF_8);
        return out;
    }
}
