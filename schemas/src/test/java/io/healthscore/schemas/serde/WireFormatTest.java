package io.healthscore.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void theHeaderIsTheMagicByteThenTheIdBigEndian() {
        // When
        byte[] header = WireFormat.header(0x01020304);

        // Then
        assertThat(header).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04);
    }

    @Test
    void readsBackTheIdItWrote() {
        // Given
        byte[] framed = WireFormat.frame(Integer.MAX_VALUE, new byte[] {7});

        // When
        int id = WireFormat.readSchemaId(framed);

        // Then
        assertThat(id).isEqualTo(Integer.MAX_VALUE);
        assertThat(framed).hasSize(6).endsWith(7);
    }

    @Test
    void refusesToReadAnIdFromBytesWithoutHeader() {
        // When / Then
        assertThat(WireFormat.hasHeader(new byte[] {0, 0, 0, 1})).isFalse();
        assertThat(WireFormat.hasHeader(new byte[] {1, 0, 0, 0, 1})).isFalse();
        assertThatThrownBy(() -> WireFormat.readSchemaId(new byte[] {0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
