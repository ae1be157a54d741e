package io.healthscore.ingest.fuzz;

import io.healthscore.ingest.fuzz.FuzzCase.Credential;
import io.healthscore.ingest.fuzz.FuzzCase.Framing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded generator of malformed and hostile ingest requests. Case {@code i} of seed {@code s} depends on
 * nothing but {@code (s, i)}, so any single case can be generated again on its own. Each case starts from a
 * valid native or Segment request ({@link ValidBodies}) and breaks one aspect of it:
 * <ul>
 *   <li>{@code valid}: left intact (the service must accept it and write exactly its records)</li>
 *   <li>{@code json/*}: structural mutations (wrong types, huge and special numbers, missing, unknown, duplicate
 *       and renamed members, deep nesting, wide objects, counts around the limits, extreme times, long ids)</li>
 *   <li>{@code bytes/*}: byte-level mutations of the encoded body (bit flips, invalid UTF-8, NUL, BOM, deletions,
 *       duplications, truncation)</li>
 *   <li>{@code content-type/*}, {@code auth/*}, {@code header/*}, {@code path/*}, {@code method/*},
 *       {@code framing/*}, {@code size/*}: the envelope around the body</li>
 * </ul>
 */
public final class HostileRequestGenerator {

    /** The service's pinned clock during a fuzz run; valid event times lie around it. */
    public static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    public static final String WEB_KEY = "test-write-key";
    public static final String CRM_KEY = "other-source-key";

    private static final Object[] HOSTILE_VALUES = {
            Json.NULL, true, false, 0, -1, Long.MAX_VALUE, Long.MIN_VALUE,
            new Json.Raw("1e400"), new Json.Raw("-1e400"), new Json.Raw("1e-400"), new Json.Raw("1E+2"),
            new Json.Raw("123456789012345678901234567890123456789"), new Json.Raw("9".repeat(99)),
            new Json.Raw("9".repeat(101)), new Json.Raw("0.5"), new Json.Raw("-0"), new Json.Raw("-0.0"),
            new Json.Raw("4.0"), new Json.Raw("4.000000000000000000001"), new Json.Raw("1e999999999"),
            new Json.Raw("2147483648"), new Json.Raw("9223372036854775808"), new Json.Raw("-9223372036854775809"),
            new Json.Raw("1.7976931348623157E309"), new Json.Raw("NaN"), new Json.Raw("Infinity"),
            new Json.Raw("-Infinity"), new Json.Raw("01"), new Json.Raw("0x10"), new Json.Raw("+1"),
            new Json.Raw(".5"), new Json.Raw("1."), new Json.Raw("tru"), new Json.Raw("undefined"),
            "", " ", "\t", "null", "true", "0", "1e400", "\u0000", "a\u0000b", "\u001b[31m", "x\u007fy",
            new Json.Raw("\"\\ud800\""), new Json.Raw("\"\\udc00x\""), new Json.Raw("\"\\uD83D\\uDE00\""),
            new Json.Raw("\"\\u00\""), new Json.Raw("\"\\x41\""), new Json.Raw("\"unterminated"),
            "x".repeat(256), "x".repeat(257), "x".repeat(4097), "x".repeat(40_000), "é", "😀",
            "\u202egnp.exe", "\u200b", "\ufeff", "<script>alert(1)</script>", "' OR 1=1 --",
            "${jndi:ldap://127.0.0.1/a}", "%s%n%x", "../../etc/passwd", "\r\nInjected: header",
            List.of(), List.of(1, List.of(2, List.of(3))), List.of(Json.NULL), Json.obj(),
            Json.obj().put("a", Json.obj().put("b", Json.obj())),
            "LOGIN", "Login", "feature_used ", "nps_answer", "track", "group", "identify", "HIGH_TOUCH", "urgent",
            "JPY", "jpy", "XTS", "xx", "ja-JP-x-private-extra-long-tag", "a@b", "@example.com", "a@@b",
    };
    private static final String[] HOSTILE_TIMES = {
            "2026-13-45T99:99:99Z", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
            "+1000000000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
            "2026-06-01T12:00:00+18:00", "2026-06-01T12:00:00-18:00", "2026-06-01T12:00:00+19:00",
            "2026-06-01T11:59:60Z", "2026-06-01T12:00:00", "2026-06-01", "2026-02-30T00:00:00Z",
            "2026-06-01T12:00:00.123456789Z", "2026-06-01T12:00:00.1234567891Z", "1780000000",
            "2026-06-01T12:03:00Z", "2026-06-01T12:06:00Z", "2026-05-04T12:00:01Z", "2026-05-04T11:59:59Z",
            "0000-01-01T00:00:00Z", "2026-06-01T12:00:00z", "2026-06-01t12:00:00Z", " 2026-06-01T12:00:00Z",
    };
    private static final String[] TIME_FIELDS = {"occurredAt", "timestamp", "originalTimestamp", "sentAt",
            "updatedAt", "receivedAt"};
    private static final byte[][] INTERESTING_BYTES = {
            {'{'}, {'}'}, {'['}, {']'}, {'"'}, {'\\'}, {','}, {':'}, {'0'}, {'-'}, {'e'}, {' '}, {0}, {0x7f},
            {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80},
            {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xC3},
            "\\u0000".getBytes(StandardCharsets.US_ASCII), "\\ud800".getBytes(StandardCharsets.US_ASCII),
            "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), "/*".getBytes(StandardCharsets.US_ASCII),
            "1e400".getBytes(StandardCharsets.US_ASCII), "null".getBytes(StandardCharsets.US_ASCII),
    };

    private final long seed;

    public HostileRequestGenerator(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** Case {@code index}: the same bytes every time for the same seed. */
    public FuzzCase generate(int index) {
        SplittableRandom r = new SplittableRandom(mix(seed, index));
        int dice = r.nextInt(1000);
        Builder b = new Builder(index, ValidBodies.any(r));
        if (dice < 60) {
            b.kind = "valid";
        } else if (dice < 360) {
            jsonMutation(b, r);
        } else if (dice < 600) {
            byteMutation(b, r);
        } else if (dice < 670) {
            contentType(b, r);
        } else if (dice < 760) {
            auth(b, r);
        } else if (dice < 830) {
            headerAbuse(b, r);
        } else if (dice < 910) {
            pathOrMethod(b, r);
        } else if (dice < 970) {
            framing(b, r);
        } else {
            size(b, r);
        }
        return b.build();
    }

    static long mix(long seed, int index) {
        // SplitMix64 finalizer, so neighbouring indexes give unrelated streams.
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---- JSON structure ----

    private void jsonMutation(Builder b, SplittableRandom r) {
        Object body = b.tree;
        int ops = 1 + r.nextInt(3);
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            int op = r.nextInt(13);
            kinds.add(switch (op) {
                case 0, 1, 2 -> replaceValue(body, r);
                case 3 -> removeMember(body, r);
                case 4 -> addMember(body, r);
                case 5 -> duplicateMember(body, r);
                case 6 -> renameMember(body, r);
                case 7 -> deepNesting(body, r);
                case 8 -> wideObject(body, r);
                case 9 -> extremeTimes(body, r);
                case 10 -> retype(body, r);
                case 11 -> longIds(body, r);
                default -> {
                    body = wrap(body, r, b);
                    yield "json/wrap";
                }
            });
        }
        if (r.nextInt(40) == 0) {
            body = manyCopies(b, r);
            kinds.add("json/count");
        }
        b.tree = body;
        b.kind = String.join("+", kinds);
    }

    private String replaceValue(Object body, SplittableRandom r) {
        Slot slot = randomSlot(body, r);
        if (slot == null) {
            return "json/none";
        }
        slot.set(Json.deepCopy(ValidBodies.pick(r, HOSTILE_VALUES)));
        return "json/wrong-value";
    }

    private String removeMember(Object body, SplittableRandom r) {
        Json.Obj obj = randomObject(body, r);
        if (obj == null || obj.members.isEmpty()) {
            return "json/none";
        }
        obj.members.remove(r.nextInt(obj.members.size()));
        return "json/missing-field";
    }

    private String addMember(Object body, SplittableRandom r) {
        Json.Obj obj = randomObject(body, r);
        if (obj == null) {
            return "json/none";
        }
        String[] names = {"source", "writeKey", "accountID", "__proto__", "constructor", "", " ", "é", "x".repeat(300),
                "a\u0000b", "type ", "receivedAt", "properties", "context", "integrations", "$where"};
        obj.members.add(r.nextInt(obj.members.size() + 1),
                Map.entry(ValidBodies.pick(r, names), Json.deepCopy(ValidBodies.pick(r, HOSTILE_VALUES))));
        return "json/unknown-field";
    }

    private String duplicateMember(Object body, SplittableRandom r) {
        Json.Obj obj = randomObject(body, r);
        if (obj == null || obj.members.isEmpty()) {
            return "json/none";
        }
        Map.Entry<String, Object> member = obj.members.get(r.nextInt(obj.members.size()));
        Object value = r.nextBoolean() ? Json.deepCopy(member.getValue()) : Json.deepCopy(ValidBodies.pick(r, HOSTILE_VALUES));
        obj.members.add(r.nextInt(obj.members.size() + 1), Map.entry(member.getKey(), value));
        return "json/duplicate-key";
    }

    private String renameMember(Object body, SplittableRandom r) {
        Json.Obj obj = randomObject(body, r);
        if (obj == null || obj.members.isEmpty()) {
            return "json/none";
        }
        int i = r.nextInt(obj.members.size());
        String name = obj.members.get(i).getKey();
        String renamed = switch (r.nextInt(5)) {
            case 0 -> name.toUpperCase(java.util.Locale.ROOT);
            case 1 -> name + " ";
            case 2 -> name.replace('a', 'а'); // Cyrillic a
            case 3 -> name.substring(0, Math.max(0, name.length() - 1));
            default -> "\u200b" + name;
        };
        obj.members.set(i, Map.entry(renamed, obj.members.get(i).getValue()));
        return "json/renamed-field";
    }

    private String deepNesting(Object body, SplittableRandom r) {
        Slot slot = randomSlot(body, r);
        if (slot == null) {
            return "json/none";
        }
        int[] depths = {15, 16, 17, 64, 1000, 50_000};
        int depth = depths[r.nextInt(depths.length)];
        boolean arrays = r.nextBoolean();
        slot.set(new Json.Raw(arrays ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
        return "json/deep";
    }

    private String wideObject(Object body, SplittableRandom r) {
        Slot slot = randomSlot(body, r);
        if (slot == null) {
            return "json/none";
        }
        int[] widths = {100, 101, 1000, 20_000};
        int width = widths[r.nextInt(widths.length)];
        Json.Obj wide = Json.obj();
        for (int i = 0; i < width; i++) {
            wide.put("k" + i, i);
        }
        slot.set(wide);
        return "json/wide";
    }

    private String extremeTimes(Object body, SplittableRandom r) {
        List<Json.Obj> objects = new ArrayList<>();
        collectObjects(body, objects);
        if (r.nextInt(4) == 0 && !objects.isEmpty()) {
            // Segment corrects the client clock by sentAt - timestamp: make that skew as wide as time itself.
            Json.Obj obj = objects.get(r.nextInt(objects.size()));
            boolean forward = r.nextBoolean();
            obj.members.removeIf(m -> m.getKey().equals("timestamp") || m.getKey().equals("sentAt"));
            obj.put("timestamp", forward ? "-999999999-01-01T00:00:00Z" : "+999999999-12-31T23:59:59Z");
            obj.put("sentAt", forward ? "+999999999-12-31T23:59:59Z" : "-999999999-01-01T00:00:00Z");
            return "json/extreme-skew";
        }
        for (Json.Obj obj : objects) {
            for (String field : TIME_FIELDS) {
                if (r.nextInt(3) == 0) {
                    obj.members.removeIf(m -> m.getKey().equals(field));
                    obj.put(field, ValidBodies.pick(r, HOSTILE_TIMES));
                }
            }
        }
        return "json/extreme-time";
    }

    private String retype(Object body, SplittableRandom r) {
        List<Json.Obj> objects = new ArrayList<>();
        collectObjects(body, objects);
        String[] types = {"LOGIN", "Login", "login ", "purchase", "track", "identify", "nps_answer", "feature_used",
                "payment_failed", "GROUP", "Track", "", "other", "OTHER", "page_viewed", "screen"};
        for (Json.Obj obj : objects) {
            for (int i = 0; i < obj.members.size(); i++) {
                if (obj.members.get(i).getKey().equals("type") && r.nextBoolean()) {
                    obj.members.set(i, Map.entry("type", ValidBodies.pick(r, types)));
                }
            }
        }
        return "json/type";
    }

    private String longIds(Object body, SplittableRandom r) {
        List<Json.Obj> objects = new ArrayList<>();
        collectObjects(body, objects);
        int[] lengths = {255, 256, 257, 4096, 4097};
        for (Json.Obj obj : objects) {
            for (int i = 0; i < obj.members.size(); i++) {
                if (obj.members.get(i).getValue() instanceof String && r.nextInt(3) == 0) {
                    int n = lengths[r.nextInt(lengths.length)];
                    obj.members.set(i, Map.entry(obj.members.get(i).getKey(), (r.nextBoolean() ? "é" : "x").repeat(n)));
                }
            }
        }
        return "json/long-id";
    }

    private Object wrap(Object body, SplittableRandom r, Builder b) {
        return switch (r.nextInt(5)) {
            case 0 -> new ArrayList<>(List.of(body));
            case 1 -> body instanceof List<?> list && !list.isEmpty() ? list.get(0) : Json.obj().put("batch", body);
            case 2 -> ValidBodies.pick(r, new Object[]{"string", 42, true, Json.NULL, new Json.Raw("1e400")});
            case 3 -> Json.obj().put("data", body);
            default -> {
                List<Object> twice = new ArrayList<>();
                twice.add(body);
                twice.add(Json.deepCopy(body));
                yield twice;
            }
        };
    }

    private Object manyCopies(Builder b, SplittableRandom r) {
        FuzzEndpoint e = b.endpoint;
        if (e == FuzzEndpoint.BATCH) {
            int[] counts = {2_499, 2_500, 2_501, 4_000};
            int n = counts[r.nextInt(counts.length)];
            List<Object> calls = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                calls.add(Json.obj().put("type", "track").put("userId", "u").put("event", "E")
                        .put("context", Json.obj().put("groupId", "g" + (i % 10))));
            }
            return Json.obj().put("batch", calls);
        }
        int[] counts = {999, 1_000, 1_001, 3_000};
        int n = counts[r.nextInt(counts.length)];
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(Json.obj().put("type", e == FuzzEndpoint.SIGNALS ? "csm_touchpoint" : "login")
                    .put("accountId", "acct-" + (i % 10)));
        }
        b.endpoint = e == FuzzEndpoint.SIGNALS ? e : FuzzEndpoint.EVENTS;
        b.target = b.endpoint.path();
        b.method = "POST";
        return items;
    }

    // ---- bytes ----

    private void byteMutation(Builder b, SplittableRandom r) {
        byte[] bytes = b.bodyBytes();
        int ops = 1 + r.nextInt(r.nextInt(8) + 1);
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            int op = r.nextInt(9);
            int at = bytes.length == 0 ? 0 : r.nextInt(bytes.length);
            switch (op) {
                case 0 -> {
                    if (bytes.length > 0) {
                        bytes[at] ^= (byte) (1 << r.nextInt(8));
                    }
                    kinds.add("bytes/flip");
                }
                case 1 -> {
                    if (bytes.length > 0) {
                        bytes[at] = (byte) r.nextInt(256);
                    }
                    kinds.add("bytes/set");
                }
                case 2, 3 -> {
                    bytes = insert(bytes, at, INTERESTING_BYTES[r.nextInt(INTERESTING_BYTES.length)]);
                    kinds.add("bytes/insert");
                }
                case 4 -> {
                    int n = Math.min(bytes.length - at, 1 + r.nextInt(16));
                    bytes = delete(bytes, at, n);
                    kinds.add("bytes/delete");
                }
                case 5 -> {
                    int n = Math.min(bytes.length - at, 1 + r.nextInt(32));
                    byte[] piece = java.util.Arrays.copyOfRange(bytes, at, at + n);
                    int times = r.nextInt(4) == 0 ? 100 : 1;
                    for (int t = 0; t < times; t++) {
                        bytes = insert(bytes, at, piece);
                    }
                    kinds.add("bytes/duplicate");
                }
                case 6 -> {
                    bytes = java.util.Arrays.copyOf(bytes, at);
                    kinds.add("bytes/truncate");
                }
                case 7 -> {
                    bytes = insert(bytes, 0, r.nextBoolean() ? new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}
                            : new byte[]{' ', '\n', '\t', '\r'});
                    kinds.add("bytes/prefix");
                }
                default -> {
                    if (bytes.length > 0) {
                        bytes[at] = (byte) (0x80 | r.nextInt(0x80));
                    }
                    kinds.add("bytes/high-bit");
                }
            }
        }
        b.rawBody = bytes;
        b.kind = String.join("+", new java.util.LinkedHashSet<>(kinds));
    }

    // ---- content type ----

    private void contentType(Builder b, SplittableRandom r) {
        String[] types = {null, "text/plain", "application/json; charset=utf-16", "application/json;charset=\"UTF-8\"",
                "application/json; charset=", "application/json; charset=utf8", "application/json; boundary=x",
                "APPLICATION/JSON", " application/json ", "application/json, application/xml", "application/*",
                "*/*", "application/x-www-form-urlencoded", "multipart/form-data; boundary=X", "application/json\u0000",
                "application/json; charset=utf-8; charset=latin1", "application/problem+json",
                "application/vnd.api+json", "application/json; charset=UTF-8", "application/json;;;",
                "application/" + "x".repeat(8_000), "application/json; q=\"unterminated", "json", "application/",
                "application/json; charset=ISO-8859-1", "application/json; charset=\u00e9"};
        String type = ValidBodies.pick(r, types);
        b.contentType = type;
        if (type != null && type.contains("utf-16")) {
            b.rawBody = new String(b.bodyBytes(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
        } else if (type != null && type.startsWith("application/x-www")) {
            b.rawBody = ("data=" + java.net.URLEncoder.encode(new String(b.bodyBytes(), StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
        } else if (type != null && type.startsWith("multipart")) {
            b.rawBody = ("--X\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                    + new String(b.bodyBytes(), StandardCharsets.UTF_8) + "\r\n--X--\r\n").getBytes(StandardCharsets.UTF_8);
        }
        if (r.nextInt(5) == 0) {
            b.extraHeaders.add("Content-Type: " + ValidBodies.pick(r, new String[]{"text/plain", "application/json"}));
            b.kind = "content-type/duplicate";
        } else {
            b.kind = "content-type/" + (type == null ? "missing" : "variant");
        }
    }

    // ---- credentials ----

    private void auth(Builder b, SplittableRandom r) {
        int variant = r.nextInt(24);
        b.kind = "auth/" + variant;
        switch (variant) {
            case 0 -> b.auth(null, Credential.NONE);
            case 1 -> b.auth(basic("not-the-key"), Credential.NONE);
            case 2 -> b.auth(basic(CRM_KEY), Credential.CRM);
            case 3 -> b.auth("Bearer " + CRM_KEY, Credential.CRM);
            case 4 -> b.auth("Basic " + base64(WEB_KEY), Credential.WEB); // no colon at all
            case 5 -> b.auth("Basic " + base64(WEB_KEY + ":some-password"), Credential.WEB);
            case 6 -> b.auth("Basic " + base64(":" + WEB_KEY), Credential.NONE); // the key as password
            case 7 -> b.auth("bearer " + WEB_KEY, Credential.WEB);
            case 8 -> b.auth("Bearer  " + WEB_KEY + " ", Credential.WEB);
            case 9 -> b.auth("Bearer " + WEB_KEY.toUpperCase(java.util.Locale.ROOT), Credential.NONE);
            case 10 -> b.auth("Bearer " + WEB_KEY.substring(1), Credential.NONE);
            case 11 -> b.auth("Bearer " + WEB_KEY + "\u00e9", Credential.NONE);
            case 12 -> b.auth("Basic " + base64(WEB_KEY).replace("=", ""), Credential.AMBIGUOUS);
            case 13 -> b.auth("Basic !!!" + base64(WEB_KEY), Credential.NONE);
            case 14 -> b.auth("Bearer " + "k".repeat(1 + r.nextInt(20_000)), Credential.NONE);
            case 15 -> b.auth("Negotiate " + base64(WEB_KEY), Credential.NONE);
            case 16 -> {
                b.auth(basic(WEB_KEY), Credential.AMBIGUOUS);
                b.extraHeaders.add("Authorization: " + basic("not-the-key"));
            }
            case 17 -> {
                b.auth(basic("not-the-key"), Credential.AMBIGUOUS);
                b.extraHeaders.add("Authorization: " + basic(WEB_KEY));
            }
            case 18, 19, 20 -> writeKeyInBody(b, r);
            case 21 -> b.auth("Bearer\t" + WEB_KEY, Credential.AMBIGUOUS);
            case 22 -> b.auth("Basic " + base64(WEB_KEY + "\u0000:"), Credential.NONE);
            default -> b.auth("", Credential.NONE);
        }
    }

    /** Segment's writeKey member, with and without a header; on native endpoints it never counts. */
    private void writeKeyInBody(Builder b, SplittableRandom r) {
        Object[] keys = {WEB_KEY, CRM_KEY, "guess", 12345, Json.NULL, List.of(WEB_KEY), Json.obj().put("k", WEB_KEY),
                "", WEB_KEY + " ", "k".repeat(5_000)};
        Object key = ValidBodies.pick(r, keys);
        if (!(b.tree instanceof Json.Obj obj)) {
            b.auth(null, Credential.NONE);
            return;
        }
        obj.members.add(0, Map.entry("writeKey", key));
        boolean bodyCounts = b.endpoint.segment();
        Credential fromBody = !bodyCounts ? Credential.NONE
                : WEB_KEY.equals(key) ? Credential.WEB : CRM_KEY.equals(key) ? Credential.CRM : Credential.NONE;
        switch (r.nextInt(3)) {
            case 0 -> b.auth(null, fromBody);
            // A valid header decides the source; the body's key is then ignored.
            case 1 -> b.auth(basic(CRM_KEY), Credential.CRM);
            // A header that names no source is refused, whatever the body says.
            default -> b.auth(basic("not-the-key"), Credential.NONE);
        }
        b.kind = "auth/write-key-in-body";
    }

    // ---- other headers ----

    private void headerAbuse(Builder b, SplittableRandom r) {
        int variant = r.nextInt(26);
        b.kind = "header/" + variant;
        switch (variant) {
            case 0 -> {
                for (int i = 0; i < 100 + r.nextInt(400); i++) {
                    b.extraHeaders.add("X-Filler-" + i + ": " + "v".repeat(r.nextInt(40)));
                }
            }
            case 1 -> b.extraHeaders.add("X-Long: " + "a".repeat(ValidBodies.pick(r, new Integer[]{4_000, 8_000, 9_000, 65_000})));
            case 2 -> b.extraHeaders.add("X Bad Name: v");
            case 3 -> b.extraHeaders.add("X-Bad:Name: v");
            case 4 -> b.extraHeaders.add("\u00e9t\u00e9: v");
            case 5 -> b.extraHeaders.add(": no name");
            case 6 -> b.extraHeaders.add("NoColonHere");
            case 7 -> {
                b.extraHeaders.add("X-Folded: first");
                b.extraHeaders.add(" continued on the next line");
            }
            case 8 -> b.extraHeaders.add("X-Nul: a\u0000b");
            case 9 -> b.extraHeaders.add("X-Forwarded-For: 127.0.0.1, 10.0.0.1, " + "1.".repeat(1000));
            case 10 -> b.extraHeaders.add("Expect: 100-continue");
            case 11 -> b.extraHeaders.add("Expect: something-else");
            case 12 -> b.extraHeaders.add("Content-Encoding: " + ValidBodies.pick(r, new String[]{"br", "compress", "x-unknown", "identity"}));
            case 13 -> gzip(b, r);
            case 14 -> b.extraHeaders.add("Connection: Upgrade, HTTP2-Settings");
            case 15 -> {
                b.extraHeaders.add("Upgrade: " + ValidBodies.pick(r, new String[]{"h2c", "websocket", "TLS/1.0"}));
                b.extraHeaders.add("Connection: Upgrade");
            }
            case 16 -> b.host = null;
            case 17 -> b.host = ValidBodies.pick(r, new String[]{"", "evil.example", "127.0.0.1:99999", "[::1", "a b",
                    "x".repeat(3000)});
            case 18 -> b.extraHeaders.add("Host: second.example");
            case 19 -> b.extraHeaders.add("X-Tab:\tvalue\t");
            case 20 -> b.extraHeaders.add("X-Unicode: " + "\u00ff\u00fe\u0080");
            case 21 -> b.extraHeaders.add("Cookie: " + "a=b; ".repeat(2000));
            case 22 -> b.extraHeaders.add("X-Request-Id: ${jndi:ldap://127.0.0.1/a}");
            case 23 -> b.extraHeaders.add("Accept: " + ValidBodies.pick(r, new String[]{"text/html", "application/xml",
                    "*/*;q=0", "application/json;q=abc", ""}));
            case 24 -> b.extraHeaders.add("Accept-Encoding: gzip, deflate, br, zstd, " + "x,".repeat(500));
            default -> b.extraHeaders.add("Range: bytes=0-1,2-3");
        }
    }

    private void gzip(Builder b, SplittableRandom r) {
        byte[] plain = switch (r.nextInt(3)) {
            case 0 -> b.bodyBytes();
            // A small compressed body that inflates to 50 MB.
            case 1 -> new byte[50 * 1024 * 1024];
            default -> ("[" + "{\"type\":\"login\",\"accountId\":\"a\"},".repeat(40_000) + "{}]").getBytes(StandardCharsets.UTF_8);
        };
        byte[] compressed = gzipped(plain);
        boolean truncated = r.nextInt(4) == 0;
        if (truncated) {
            compressed = java.util.Arrays.copyOf(compressed, compressed.length / 2);
        }
        b.rawBody = compressed;
        // A server that inflates request bodies reads the plain bytes (if whole); one that does not, the gzip bytes.
        b.logical = truncated ? null : plain;
        b.logicalSet = true;
        b.extraHeaders.add("Content-Encoding: gzip");
        b.kind = "header/gzip";
    }

    // ---- method and path ----

    private void pathOrMethod(Builder b, SplittableRandom r) {
        if (r.nextInt(3) == 0) {
            String[] methods = {"GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS", "TRACE", "PATCH", "CONNECT", "FOO",
                    "post", "PRI", "M-SEARCH", "GET\u00e9", "X".repeat(2_000)};
            b.method = ValidBodies.pick(r, methods);
            b.kind = "method/" + (b.method.length() > 20 ? "long" : b.method);
            if (b.method.equals("CONNECT")) {
                b.target = "127.0.0.1:443";
            }
            return;
        }
        String base = b.target;
        String[] variants = {base + "/", base + "//", "/" + base, base + "?x=1", base + "?writeKey=" + WEB_KEY,
                base + "#frag", base + ";a=b", base.replace("/v1/", "/v1%2F"), base + "/..", "/v1/%2e%2e" + base,
                base.replace("/v1/", "/v1/./"), base + "/../events", base.toUpperCase(java.util.Locale.ROOT),
                base + "\\", base + "%00", base + "%ZZ", base + "?" + "q=".repeat(3_000), "/v1/" + "a/".repeat(3_000),
                "/v1/accounts/", "/v1/accounts/%20", "/v1/accounts/" + "a".repeat(300), "/v1/accounts/a%2Fb",
                "/v1/accounts/%00", "/v1/accounts/..%2F..%2Fv1%2Fevents", "/v1/accounts/\u00e9\u00e8",
                "/v1/accounts/%C3%A9", "/v1/accounts/%ED%A0%80", "/v1/accounts/a?b", "*", "http://127.0.0.1" + base,
                "http://evil.example" + base, "", "/", "/prometheus", "/health", "/health/readiness", "/v2/events",
                "/nonexistent", "/v1", "/v1/", base + "?" + "a=%".repeat(10)};
        b.target = ValidBodies.pick(r, variants);
        if (b.target.startsWith("/v1/accounts/")) {
            b.method = "PUT";
            b.tree = ValidBodies.profile(r);
        }
        b.kind = "path/variant";
    }

    // ---- framing and protocol ----

    private void framing(Builder b, SplittableRandom r) {
        int variant = r.nextInt(17);
        b.kind = "framing/" + variant;
        byte[] body = b.bodyBytes();
        switch (variant) {
            case 0 -> b.framing = Framing.CHUNKED;
            case 1 -> b.asGiven(List.of("Content-Length: " + (body.length + 10)), body, null, true);
            case 2 -> b.asGiven(List.of("Content-Length: " + Math.max(0, body.length - 5)),
                    java.util.Arrays.copyOf(body, Math.max(0, body.length - 5)), null, false);
            case 3 -> b.asGiven(List.of("Content-Length: -1"), body, null, true);
            case 4 -> b.asGiven(List.of("Content-Length: abc"), body, null, true);
            case 5 -> b.asGiven(List.of("Content-Length: 99999999999999999999"), body, null, true);
            case 6 -> b.asGiven(List.of("Content-Length: " + body.length, "Content-Length: " + (body.length + 1)),
                    body, null, true);
            case 7 -> b.asGiven(List.of("Content-Length: " + body.length, "Transfer-Encoding: chunked"),
                    FuzzCase.chunked(body, 7), null, true);
            case 8 -> b.asGiven(List.of("Transfer-Encoding: chunked"), ("FFFFFFFFFFFFFFFFFF\r\n").getBytes(StandardCharsets.US_ASCII),
                    null, true);
            case 9 -> b.asGiven(List.of("Transfer-Encoding: chunked"), ("zz\r\nabc\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                    null, true);
            case 10 -> b.asGiven(List.of("Transfer-Encoding: chunked"),
                    java.util.Arrays.copyOf(FuzzCase.chunked(body, 16), Math.max(1, body.length / 2)), null, true);
            case 11 -> b.asGiven(List.of("Transfer-Encoding: gzip, chunked"), FuzzCase.chunked(body, 16), null, true);
            case 12 -> b.asGiven(List.of("Transfer-Encoding: xchunked"), body, null, true);
            case 13 -> {
                b.version = ValidBodies.pick(r, new String[]{"HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "http/1.1", "HTTP/1.1 extra", "", "HTTP/1.01"});
                b.kind = "framing/version";
            }
            case 14 -> {
                b.bareLineFeeds = true;
            }
            case 15 -> b.asGiven(List.of("Transfer-Encoding: chunked"),
                    ("5;ext=\"x\"\r\n" + "{}   ".substring(0, 5) + "\r\n0\r\nX-Trailer: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                    "{}   ".getBytes(StandardCharsets.US_ASCII), false);
            default -> b.asGiven(List.of(), body, new byte[0], false); // a body with no length: the server sees none
        }
    }

    // ---- size ----

    private void size(Builder b, SplittableRandom r) {
        int variant = r.nextInt(6);
        b.kind = "size/" + variant;
        switch (variant) {
            case 0 -> pad(b, 512_001);
            case 1 -> pad(b, 32_769);
            case 2 -> pad(b, 1_048_577);
            case 3 -> {
                pad(b, 2 * 1024 * 1024);
                b.framing = Framing.CHUNKED;
            }
            case 4 -> b.rawBody = ("[".repeat(200_000)).getBytes(StandardCharsets.US_ASCII);
            default -> b.asGiven(List.of("Content-Length: " + (2L * 1024 * 1024 * 1024)), new byte[1024], null, true);
        }
    }

    /** The valid body with a long string property, to exactly {@code size} bytes where the structure allows. */
    private void pad(Builder b, int size) {
        byte[] body = b.bodyBytes();
        byte[] padded = new byte[Math.max(size, body.length)];
        System.arraycopy(body, 0, padded, 0, body.length);
        java.util.Arrays.fill(padded, body.length, padded.length, (byte) ' ');
        b.rawBody = padded;
    }

    // ---- helpers ----

    /** A place in the tree that holds a value: an object member or an array element. */
    private interface Slot {
        void set(Object value);
    }

    private static Slot randomSlot(Object body, SplittableRandom r) {
        List<Slot> slots = new ArrayList<>();
        collectSlots(body, slots);
        return slots.isEmpty() ? null : slots.get(r.nextInt(slots.size()));
    }

    @SuppressWarnings("unchecked")
    private static void collectSlots(Object value, List<Slot> slots) {
        if (value instanceof Json.Obj obj) {
            for (int i = 0; i < obj.members.size(); i++) {
                int at = i;
                slots.add(v -> obj.members.set(at, Map.entry(obj.members.get(at).getKey(), v)));
                collectSlots(obj.members.get(i).getValue(), slots);
            }
        } else if (value instanceof List<?> list) {
            List<Object> items = (List<Object>) list;
            for (int i = 0; i < items.size(); i++) {
                int at = i;
                slots.add(v -> items.set(at, v));
                collectSlots(items.get(i), slots);
            }
        }
    }

    private static Json.Obj randomObject(Object body, SplittableRandom r) {
        List<Json.Obj> objects = new ArrayList<>();
        collectObjects(body, objects);
        return objects.isEmpty() ? null : objects.get(r.nextInt(objects.size()));
    }

    private static void collectObjects(Object value, List<Json.Obj> objects) {
        if (value instanceof Json.Obj obj) {
            objects.add(obj);
            obj.members.forEach(m -> collectObjects(m.getValue(), objects));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collectObjects(v, objects));
        }
    }

    private static byte[] insert(byte[] bytes, int at, byte[] piece) {
        byte[] out = new byte[bytes.length + piece.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(bytes, at, out, at + piece.length, bytes.length - at);
        return out;
    }

    private static byte[] delete(byte[] bytes, int at, int n) {
        byte[] out = new byte[bytes.length - n];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + n, out, at, bytes.length - at - n);
        return out;
    }

    private static byte[] gzipped(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String basic(String user) {
        return "Basic " + base64(user + ":");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The case under construction: a valid request, then whatever the chosen mutation changes. */
    private final class Builder {
        final int index;
        FuzzEndpoint endpoint;
        String method;
        String target;
        String version = "HTTP/1.1";
        Object tree;
        byte[] rawBody;
        byte[] logical;
        boolean logicalSet;
        String host = "127.0.0.1";
        String contentType = "application/json";
        String authorization = basic(WEB_KEY);
        Credential credential = Credential.WEB;
        final List<String> extraHeaders = new ArrayList<>();
        List<String> framingHeaders = Collections.emptyList();
        Framing framing = Framing.LENGTH;
        boolean halfClose;
        boolean bareLineFeeds;
        String kind;

        Builder(int index, ValidBodies.Valid valid) {
            this.index = index;
            this.endpoint = valid.endpoint();
            this.method = valid.endpoint().method();
            this.target = valid.target();
            this.tree = Json.deepCopy(valid.body()); // mutable all the way down
        }

        void auth(String header, Credential who) {
            authorization = header;
            credential = who;
        }

        /** Framing headers written by the case itself, and the body a correct server reads (null: none). */
        void asGiven(List<String> headers, byte[] body, byte[] logicalBody, boolean closeAfter) {
            framing = Framing.AS_GIVEN;
            framingHeaders = headers;
            rawBody = body;
            logical = logicalBody;
            logicalSet = true;
            halfClose = closeAfter;
        }

        byte[] bodyBytes() {
            return rawBody != null ? rawBody.clone() : Json.write(tree).getBytes(StandardCharsets.UTF_8);
        }

        FuzzCase build() {
            byte[] body = bodyBytes();
            List<String> headers = new ArrayList<>();
            if (host != null) {
                headers.add("Host: " + host);
            }
            if (contentType != null) {
                headers.add("Content-Type: " + contentType);
            }
            if (authorization != null) {
                headers.add("Authorization: " + authorization);
            }
            headers.addAll(extraHeaders);
            headers.addAll(framingHeaders);
            byte[] logicalBody = logicalSet ? logical : body;
            return new FuzzCase(seed, index, kind, method, target, version, List.copyOf(headers), body, framing,
                    logicalBody, credential, halfClose, bareLineFeeds);
        }
    }
}
