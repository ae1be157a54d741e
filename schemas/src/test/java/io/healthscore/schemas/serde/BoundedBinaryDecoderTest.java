package io.healthscore.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The encodings Avro's Java writer never produces but other writers may (blocks with byte sizes), and the
 * bounds this decoder adds to Avro's.
 */
class BoundedBinaryDecoderTest {

    @Test
    void readsAMapWrittenAsABlockWithItsByteSize() throws IOException {
        // Given count -1 (zig-zag 0x01), size 4 (0x08), "k" → "v", end of map
        BoundedBinaryDecoder decoder = decoder(0x01, 0x08, 0x02, 0x6b, 0x02, 0x76, 0x00);

        // When
        long count = decoder.readMapStart();
        String key = decoder.readString();
        String value = decoder.readString();
        long next = decoder.mapNext();

        // Then
        assertThat(count).isEqualTo(1);
        assertThat(key + "=" + value).isEqualTo("k=v");
        assertThat(next).isZero();
        assertThat(decoder.remaining()).isZero();
    }

    @Test
    void skipsSizedBlocksWholeAndReturnsTheCountOfAnUnsizedOne() throws IOException {
        // Given a sized block of 2 strings ("a", "b"), an unsized block of 1 ("c"), end of array
        BoundedBinaryDecoder decoder = decoder(0x03, 0x08, 0x02, 0x61, 0x02, 0x62, 0x02, 0x02, 0x63, 0x00);

        // When
        long unsized = decoder.skipArray();
        decoder.skipString();
        long after = decoder.skipArray();

        // Then
        assertThat(unsized).isEqualTo(1);
        assertThat(after).isZero();
        assertThat(decoder.remaining()).isZero();
    }

    @Test
    void readsFloatsDoublesAndBytesAsTheSpecLaysThemOut() throws IOException {
        // Given 1.5f = 0x3fc00000 and 55.5 = 0x404bc00000000000, little-endian; bytes [0xca, 0xfe]
        BoundedBinaryDecoder decoder = decoder(0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x4b, 0x40,
                0x04, 0xca, 0xfe);

        // When
        float f = decoder.readFloat();
        double d = decoder.readDouble();
        ByteBuffer bytes = decoder.readBytes(null);

        // Then
        assertThat(f).isEqualTo(1.5f);
        assertThat(d).isEqualTo(55.5);
        assertThat(bytes.remaining()).isEqualTo(2);
        assertThat(bytes.get(0)).isEqualTo((byte) 0xca);
    }

    @Test
    void aBooleanOtherThanZeroOrOneIsMalformed() {
        // Given
        BoundedBinaryDecoder decoder = decoder(0x02);

        // When / Then
        assertThatThrownBy(decoder::readBoolean).isInstanceOf(IOException.class).hasMessageContaining("boolean");
    }

    @Test
    void anIntVarintOfMoreThanFiveBytesIsMalformed() {
        // Given
        BoundedBinaryDecoder decoder = decoder(0xff, 0xff, 0xff, 0xff, 0xff, 0x01);

        // When / Then
        assertThatThrownBy(decoder::readInt).isInstanceOf(IOException.class).hasMessageContaining("varint");
    }

    @Test
    void aBlockSizeBeyondTheRemainingBytesIsMalformed() {
        // Given count -1, size 100 (zig-zag 200 = c8 01), then nothing
        BoundedBinaryDecoder decoder = decoder(0x01, 0xc8, 0x01);

        // When / Then
        assertThatThrownBy(decoder::skipMap).isInstanceOf(IOException.class).hasMessageContaining("100 bytes");
    }

    @Test
    void aFewItemsOfAZeroByteTypeAreAllowedBeyondTheRemainingBytes() throws IOException {
        // Given an array<null> of 1000 items (zig-zag 2000 = d0 0f): nulls take no bytes
        BoundedBinaryDecoder decoder = decoder(0xd0, 0x0f, 0x00);

        // When
        long count = decoder.readArrayStart();

        // Then
        assertThat(count).isEqualTo(1000);
    }

    private static BoundedBinaryDecoder decoder(int... bytes) {
        byte[] data = new byte[bytes.length + 2];
        for (int i = 0; i < bytes.length; i++) {
            data[i + 1] = (byte) bytes[i];
        }
        // One byte of padding on each side shows that the decoder keeps to its range.
        return new BoundedBinaryDecoder(data, 1, bytes.length);
    }
}
