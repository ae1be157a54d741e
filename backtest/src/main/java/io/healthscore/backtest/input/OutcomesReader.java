package io.healthscore.backtest.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.healthscore.backtest.mapping.FieldPath;
import io.healthscore.backtest.mapping.RecordProblem;
import io.healthscore.backtest.mapping.TimeField;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads known churn from an outcomes file: CSV with a header row naming the columns {@code account} and
 * {@code churned_at}, or JSON lines with those fields (plain or gzip). {@code churned_at} is epoch ms, epoch s or
 * ISO-8601; an empty value means the account did not churn. Any error names the file and line.
 */
public final class OutcomesReader {

    public static final String ACCOUNT = "account";
    public static final String CHURNED_AT = "churned_at";

    private static final TimeField TIME = new TimeField(new FieldPath("t"), TimeField.Format.AUTO);

    private OutcomesReader() {
    }

    /** Account -> churn time (epoch ms); accounts listed without a time are in {@code stayed}. */
    public record Outcomes(Map<String, Long> churnedAt, List<String> stayed) {
    }

    public static Outcomes read(Path file) throws IOException {
        Map<String, Long> churned = new HashMap<>();
        List<String> stayed = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader reader = EventLogReader.open(file)) {
            String text;
            long line = 0;
            int accountColumn = -1;
            int timeColumn = -1;
            boolean csv = false;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                String account;
                String time;
                if (line == 1 && !text.trim().startsWith("{")) {
                    List<String> header = csvFields(text).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
                    accountColumn = header.indexOf(ACCOUNT);
                    timeColumn = header.indexOf(CHURNED_AT);
                    if (accountColumn < 0 || timeColumn < 0) {
                        throw new IllegalArgumentException(file + " line 1: a CSV outcomes file needs the columns '"
                                + ACCOUNT + "' and '" + CHURNED_AT + "' in its header, got " + header);
                    }
                    csv = true;
                    continue;
                }
                if (csv) {
                    List<String> fields = csvFields(text);
                    if (fields.size() <= Math.max(accountColumn, timeColumn)) {
                        throw new IllegalArgumentException(file + " line " + line + ": expected at least "
                                + (Math.max(accountColumn, timeColumn) + 1) + " columns, got " + fields.size());
                    }
                    account = fields.get(accountColumn).trim();
                    time = fields.get(timeColumn).trim();
                } else {
                    JsonNode node = json.readTree(text);
                    account = node.path(ACCOUNT).asText("").trim();
                    time = node.path(CHURNED_AT).isMissingNode() || node.path(CHURNED_AT).isNull()
                            ? "" : node.path(CHURNED_AT).asText().trim();
                }
                if (account.isEmpty()) {
                    throw new IllegalArgumentException(file + " line " + line + ": field '" + ACCOUNT + "' is empty");
                }
                if (time.isEmpty()) {
                    stayed.add(account);
                    continue;
                }
                try {
                    long at = TIME.epochMillis(json.createObjectNode().set("t", TextNode.valueOf(time)));
                    churned.merge(account, at, Math::min);
                } catch (RecordProblem e) {
                    throw new IllegalArgumentException(file + " line " + line + ", field '" + CHURNED_AT
                            + "': expected epoch ms, epoch s or ISO-8601, got '" + time + "'");
                }
            }
        }
        return new Outcomes(churned, stayed);
    }

    /** Comma-separated fields; double quotes enclose fields with commas, "" is a quote inside them. */
    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
