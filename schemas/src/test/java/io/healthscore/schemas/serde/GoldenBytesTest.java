package io.healthscore.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.ExpansionKind;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact bytes on the wire against vectors derived by hand from the Avro 1.12 binary encoding spec and
 * the Confluent wire format, never computed with Avro itself, so that a change of encoder, of generated code
 * or of field order that would break Confluent's readers fails here.
 *
 * <p>Spec rules used: int and long are zig-zag varints (n → 2n for n ≥ 0, 7 bits per byte, least significant
 * group first, high bit set on every byte but the last); a string is its UTF-8 length as a long, then the bytes;
 * a union is the branch index as an int, then the value; an enum is the symbol index as an int; a double is
 * 8 bytes IEEE 754 little-endian; arrays and maps are blocks of (count as a long, items), ended by a count of
 * 0, a map item being key string then value; null is no bytes. Record fields follow in schema order.
 */
class GoldenBytesTest {

    /*
     * UsageEvent, schema id 42.
     *
     * 00 00 00 00 2a           header: magic 0x00, id 42 as big-endian int32
     * 0a 65 76 74 2d 31        messageId "evt-1": length 5 → zig-zag 10 = 0x0a, then UTF-8
     * 08 61 63 6d 65           accountId "acme": length 4 → 0x08
     * 02 04 75 37              userId ["null","string"]: branch 1 → 0x02; "u7": length 2 → 0x04
     * 04                       type: FEATURE_USED is symbol 2 of UsageEventType → 0x04
     * 02 0c 65 78 70 6f 72 74  feature: branch 1; "export": length 6 → 0x0c
     * 00                       onboardingStep: branch 0 (null), no value bytes
     * 80 a0 ab fe f9 62        occurredAt 2023-11-14T22:13:20Z = 1700000000000 ms;
     *                          zig-zag 3400000000000 = 0x3179fcad000; 7-bit groups, low first:
     *                          0x00 0x20 0x2b 0x7e 0x79 0x62 → 80 a0 ab fe f9 62
     * f4 a3 ab fe f9 62        receivedAt 250 ms later = 1700000000250; zig-zag 3400000000500 = 0x3179fcad1f4;
     *                          groups 0x74 0x23 0x2b 0x7e 0x79 0x62 → f4 a3 ab fe f9 62
     * 06 77 65 62              source "web": length 3 → 0x06
     * 04                       properties: one block of 2 entries → 0x04
     * 08 70 6c 61 6e 06 70 72 6f    "plan" → "pro"
     * 06 72 65 66 00                "ref" → "" (length 0)
     * 00                       end of map
     */
    private static final String USAGE_EVENT_ID_42 = "00 00 00 00 2a"
            + "0a 65 76 74 2d 31"
            + "08 61 63 6d 65"
            + "02 04 75 37"
            + "04"
            + "02 0c 65 78 70 6f 72 74"
            + "00"
            + "80 a0 ab fe f9 62"
            + "f4 a3 ab fe f9 62"
            + "06 77 65 62"
            + "04" + "08 70 6c 61 6e 06 70 72 6f" + "06 72 65 66 00" + "00";

    /*
     * LevelTransition, schema id 258 (0x0102, so the byte order of the header shows).
     *
     * 00 00 00 01 02           header: magic, id 258 big-endian
     * 04 61 31                 accountId "a1"
     * 04                       fromLevel LV3: symbol 2 of HealthLevel
     * 02                       toLevel LV2: symbol 1
     * 02                       direction DOWN: symbol 1 of Direction
     * 00 00 00 00 00 c0 4b 40  score 55.5 = 1.734375 × 2^5: exponent 1023+5 = 0x404, fraction .101111b
     *                          → 0x404bc00000000000, written little-endian
     * 02 00 00 00 00 00 80 4e 40   previousScore: branch 1; 61.0 = 1.90625 × 2^5 → 0x404e800000000000
     * 02 02 78 00              reasons ["x"]: block of 1 item → 0x02; "x" → 02 78; end of array 0x00
     * 00                       segment: null
     * 02 04                    coverageModel: branch 1; TECH_TOUCH is symbol 2 of CoverageModel
     * 04 76 31                 modelVersion "v1"
     * d0 0f                    transitionedAt 1000 ms: zig-zag 2000 = 0x7d0; groups 0x50 0x0f → d0 0f
     */
    private static final String LEVEL_TRANSITION_ID_258 = "00 00 00 01 02"
            + "04 61 31"
            + "04" + "02" + "02"
            + "00 00 00 00 00 c0 4b 40"
            + "02 00 00 00 00 00 80 4e 40"
            + "02 02 78 00"
            + "00"
            + "02 04"
            + "04 76 31"
            + "d0 0f";

    /*
     * ExpansionOpportunity, schema id 259 (0x0103).
     *
     * 00 00 00 01 03           header: magic, id 259 big-endian
     * 04 73 31                 signalId "s1"
     * 04 61 31                 accountId "a1"
     * 02                       kind RISING_ADOPTION: symbol 1 of ExpansionKind
     * 02 02 78 00              reasons ["x"]
     * 00 00 00 00 00 40 55 40  score 85.0 = 1.328125 × 2^6: exponent 1023+6 = 0x405, fraction .010101b
     *                          → 0x4055400000000000, written little-endian
     * 06                       level LV4: symbol 3 of HealthLevel
     * 18                       activeUsers 12: zig-zag 24 = 0x18
     * 02 10                    previousActiveUsers: branch 1; 8 → zig-zag 16 = 0x10
     * 00                       seats: null
     * 1c                       windowDays 14 → 28 = 0x1c
     * 02 28                    daysAtLevel: branch 1; 20 → 40 = 0x28
     * 02 3c                    userDays: branch 1; 30 → 60 = 0x3c
     * 00                       previousUserDays: null
     * 02 06 73 6d 62           segment: branch 1; "smb"
     * 00                       coverageModel: null
     * 04 76 31                 modelVersion "v1"
     * d0 0f                    detectedAt 1000 ms
     */
    private static final String EXPANSION_OPPORTUNITY_ID_259 = "00 00 00 01 03"
            + "04 73 31"
            + "04 61 31"
            + "02"
            + "02 02 78 00"
            + "00 00 00 00 00 40 55 40"
            + "06" + "18" + "02 10" + "00" + "1c" + "02 28" + "02 3c" + "00"
            + "02 06 73 6d 62"
            + "00"
            + "04 76 31"
            + "d0 0f";

    @Test
    void anExpansionOpportunityIsWrittenFieldByFieldInSchemaOrder() {
        // Given
        AvroSerializer<ExpansionOpportunity> serializer =
                new AvroSerializer<>(new FixedIdSchemaRegistryClient(259), true);
        ExpansionOpportunity signal = ExpansionOpportunity.newBuilder()
                .setSignalId("s1").setAccountId("a1").setKind(ExpansionKind.RISING_ADOPTION).setReasons(List.of("x"))
                .setScore(85.0).setLevel(HealthLevel.LV4).setActiveUsers(12).setPreviousActiveUsers(8).setSeats(null)
                .setWindowDays(14).setDaysAtLevel(20).setUserDays(30).setPreviousUserDays(null).setSegment("smb")
                .setCoverageModel(null).setModelVersion("v1")
                .setDetectedAt(Instant.ofEpochMilli(1000))
                .build();

        // When
        byte[] bytes = serializer.serialize("expansion-opportunities", signal);

        // Then
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(hex(EXPANSION_OPPORTUNITY_ID_259));
    }

    @Test
    void aUsageEventIsWrittenAsTheConfluentHeaderThenItsAvroBinaryEncoding() {
        // Given
        AvroSerializer<UsageEvent> serializer = new AvroSerializer<>(new FixedIdSchemaRegistryClient(42), true);

        // When
        byte[] bytes = serializer.serialize("usage-events", goldenUsageEvent());

        // Then
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(hex(USAGE_EVENT_ID_42));
    }

    @Test
    void aLevelTransitionIsWrittenWithABigEndianIdAndLittleEndianDoubles() {
        // Given
        AvroSerializer<LevelTransition> serializer = new AvroSerializer<>(new FixedIdSchemaRegistryClient(258), true);
        LevelTransition transition = LevelTransition.newBuilder()
                .setAccountId("a1").setFromLevel(HealthLevel.LV3).setToLevel(HealthLevel.LV2)
                .setDirection(Direction.DOWN).setScore(55.5).setPreviousScore(61.0).setReasons(List.of("x"))
                .setSegment(null).setCoverageModel(CoverageModel.TECH_TOUCH).setModelVersion("v1")
                .setTransitionedAt(Instant.ofEpochMilli(1000))
                .build();

        // When
        byte[] bytes = serializer.serialize("level-transitions", transition);

        // Then
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(hex(LEVEL_TRANSITION_ID_258));
    }

    @Test
    void theGoldenUsageEventBytesReadBackAsTheSameRecord() {
        // Given
        FixedIdSchemaRegistryClient registry = new FixedIdSchemaRegistryClient(42);
        registry.register("usage-events-value", UsageEvent.getClassSchema());
        AvroDeserializer<UsageEvent> deserializer = new AvroDeserializer<>(registry, UsageEvent.class);

        // When
        UsageEvent event = deserializer.deserialize("usage-events", HexFormat.of().parseHex(hex(USAGE_EVENT_ID_42)));

        // Then
        assertThat(event).isEqualTo(goldenUsageEvent());
    }

    private static UsageEvent goldenUsageEvent() {
        Map<String, String> properties = new LinkedHashMap<>(); // insertion order fixes the order on the wire
        properties.put("plan", "pro");
        properties.put("ref", "");
        return UsageEvent.newBuilder()
                .setMessageId("evt-1").setAccountId("acme").setUserId("u7").setType(UsageEventType.FEATURE_USED)
                .setFeature("export").setOnboardingStep(null)
                .setOccurredAt(Instant.parse("2023-11-14T22:13:20Z"))
                .setReceivedAt(Instant.parse("2023-11-14T22:13:20.250Z"))
                .setSource("web").setProperties(properties)
                .build();
    }

    private static String hex(String spaced) {
        return spaced.replace(" ", "");
    }
}
