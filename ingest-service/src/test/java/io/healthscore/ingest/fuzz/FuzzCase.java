package io.healthscore.ingest.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One generated request, as the bytes that go on the wire. Request line and headers are ISO-8859-1 strings, so a
 * char up to U+00FF stands for that raw byte (hostile headers may hold non-ASCII bytes).
 *
 * @param kind        what the generator did, e.g. {@code json/wrong-type} (for the failure message and counts)
 * @param framing     how the body is delimited
 * @param logicalBody the body a correct server reads from these bytes; null when the framing is broken
 * @param credential  whose write key the request carries
 * @param halfClose   shut down the sending side after the request (the client gives up on an incomplete body)
 */
record FuzzCase(long seed, int index, String kind, String method, String target, String version,
                List<String> headers, byte[] body, Framing framing, byte[] logicalBody, Credential credential,
                boolean halfClose, boolean bareLineFeeds) {

    /** How the body is delimited on the wire. */
    enum Framing {
        /** A correct Content-Length is added. */
        LENGTH,
        /** The body is sent in chunks with Transfer-Encoding: chunked. */
        CHUNKED,
        /** No framing header is added; the headers and body are sent exactly as given. */
        AS_GIVEN
    }

    /** Which valid write key, if any, the request carries (header or Segment body). */
    enum Credential {
        /** No valid key anywhere: the request must never be accepted. */
        NONE,
        WEB,
        CRM,
        /** Several candidates (e.g. two Authorization headers); any outcome but a 5xx is allowed. */
        AMBIGUOUS
    }

    byte[] toBytes() {
        String eol = bareLineFeeds ? "\n" : "\r\n";
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target);
        if (!version.isEmpty()) {
            head.append(' ').append(version);
        }
        head.append(eol);
        for (String header : headers) {
            head.append(header).append(eol);
        }
        byte[] payload = body;
        if (framing == Framing.LENGTH) {
            head.append("Content-Length: ").append(body.length).append(eol);
        } else if (framing == Framing.CHUNKED) {
            head.append("Transfer-Encoding: chunked").append(eol);
            payload = chunked(body, 1 + Math.floorMod(index, 4096));
        }
        head.append(eol);
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + payload.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** The endpoint whose record count an accepted answer is checked against, if the target routes to one. */
    java.util.Optional<FuzzEndpoint> endpoint() {
        return FuzzEndpoint.routedFrom(target);
    }

    String describe() {
        List<String> shownHeaders = new ArrayList<>();
        for (String h : headers) {
            shownHeaders.add(abbreviate(h, 120));
        }
        return String.format(Locale.ROOT, "case %d of seed %d [%s] %s %s %s, headers %s, framing %s%s, body %d bytes: %s",
                index, seed, kind, abbreviate(method, 40), abbreviate(target, 200), version, shownHeaders, framing,
                halfClose ? " (half-closed)" : "", body.length, abbreviate(printable(body), 300));
    }

    static byte[] chunked(byte[] body, int chunkSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        for (int at = 0; at < body.length; at += chunkSize) {
            int n = Math.min(chunkSize, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static String printable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 400); i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        return out.toString();
    }

    private static String abbreviate(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xff));
        }
        return text.length() > max ? out + "...(" + text.length() + " chars)" : out.toString();
    }
}
