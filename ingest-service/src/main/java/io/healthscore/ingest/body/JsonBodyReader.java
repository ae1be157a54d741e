package io.healthscore.ingest.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.healthscore.ingest.config.IngestLimits;
import io.healthscore.ingest.problem.IngestRejection;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Parses a request body that is already bounded in size into a JSON tree, refusing with 400 (naming where it
 * stopped) anything that is not one well-formed JSON value in UTF-8: invalid UTF-8, NUL bytes, duplicate keys,
 * nesting deeper than {@code ingest.limits.max-nesting-depth}, over-long strings or numbers, trailing content.
 */
@Singleton
public final class JsonBodyReader {

    private static final int MAX_NUMBER_LENGTH = 100;

    private final JsonFactory factory;
    private final ObjectMapper mapper;

    public JsonBodyReader(IngestLimits limits) {
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .build();
        this.mapper = JsonMapper.builder(this.factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** @throws IngestRejection 400 when the bytes are not one JSON value in valid UTF-8 */
    public JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            throw IngestRejection.invalid("body", "The request body is empty; a JSON value is required");
        }
        requireUtf8WithoutNul(body);
        JsonParser parser = null;
        try {
            parser = factory.createParser(body);
            JsonNode root = mapper.readTree(parser);
            if (root == null || root.isMissingNode()) {
                throw IngestRejection.invalid("body", "The request body holds no JSON value");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw IngestRejection.invalid(pathOf(parser), "Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw IngestRejection.invalid("body", "The request body could not be read as JSON");
        } finally {
            closeQuietly(parser);
        }
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // An in-memory parser holds nothing worth reporting.
            }
        }
    }

    private static void requireUtf8WithoutNul(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                throw IngestRejection.invalid("body", "The request body contains a NUL byte at offset " + i);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw IngestRejection.invalid("body", "The request body is not valid UTF-8");
        }
    }

    /** Where the parser stopped, in the same dotted notation as field errors; "body" at the top level. */
    private static String pathOf(JsonParser parser) {
        JsonStreamContext context = parser == null ? null : parser.getParsingContext();
        if (context == null) {
            return "body";
        }
        String path = FieldPath.fromPointer(context.pathAsPointer());
        return path.isEmpty() ? "body" : path;
    }

    /** Converts JSON pointers to field paths. */
    static final class FieldPath {
        private FieldPath() {
        }

        static String fromPointer(JsonPointer pointer) {
            StringBuilder out = new StringBuilder();
            for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
                if (p.mayMatchElement()) {
                    out.append('[').append(p.getMatchingIndex()).append(']');
                } else {
                    if (!out.isEmpty()) {
                        out.append('.');
                    }
                    out.append(p.getMatchingProperty());
                }
            }
            return out.toString();
        }
    }
}
