package io.healthscore.alert;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The limits Slack enforces on an incoming-webhook message (an answer of 400 {@code invalid_blocks} when one is
 * broken): at most 50 blocks, section text at most 3,000 characters, header text at most 150, the top-level text at
 * most 40,000. Used by the Slack stand-in of the ITs and by the composer's test.
 */
public final class SlackLimits {

    public static final int MAX_BLOCKS = 50;
    public static final int MAX_SECTION_TEXT = 3000;
    public static final int MAX_HEADER_TEXT = 150;
    public static final int MAX_TEXT = 40_000;

    private SlackLimits() {
    }

    /** Every limit the message breaks; empty when Slack would take it. */
    public static List<String> violations(String json) {
        JsonNode message;
        try {
            message = ObjectMapper.getDefault().readValue(json, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> broken = new ArrayList<>();
        JsonNode text = message.get("text");
        if (text != null && text.getStringValue().length() > MAX_TEXT) {
            broken.add("text has " + text.getStringValue().length() + " characters");
        }
        JsonNode blocks = message.get("blocks");
        if (blocks == null) {
            return broken;
        }
        if (blocks.size() > MAX_BLOCKS) {
            broken.add(blocks.size() + " blocks");
        }
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            String type = block.get("type").getStringValue();
            int length = block.get("text") == null ? 0 : block.get("text").get("text").getStringValue().length();
            int max = "header".equals(type) ? MAX_HEADER_TEXT : MAX_SECTION_TEXT;
            if (length > max) {
                broken.add("block " + i + " (" + type + ") has " + length + " characters of text");
            }
        }
        return broken;
    }

    /** The status Slack would answer: 200, or 400 for a message that breaks a limit. */
    public static int statusFor(String json) {
        return violations(json).isEmpty() ? 200 : 400;
    }
}
