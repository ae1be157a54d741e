package io.healthscore.schemas.serde;

/**
 * The Confluent wire format: one magic byte 0x00, the schema id as a big-endian 4-byte int, then the Avro
 * binary encoding of the record. Readers such as Confluent's own deserializers, Kafka Connect and ksqlDB rely
 * on exactly this layout.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** Writes the header for the schema id into the first five bytes of the target. */
    public static void writeHeader(byte[] target, int schemaId) {
        if (target.length < HEADER_SIZE) {
            throw new IllegalArgumentException("A Confluent header needs " + HEADER_SIZE + " bytes, got " + target.length);
        }
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /** The header alone. */
    public static byte[] header(int schemaId) {
        byte[] header = new byte[HEADER_SIZE];
        writeHeader(header, schemaId);
        return header;
    }

    /** The header followed by the given Avro binary body. */
    public static byte[] frame(int schemaId, byte[] avroBody) {
        byte[] framed = new byte[HEADER_SIZE + avroBody.length];
        writeHeader(framed, schemaId);
        System.arraycopy(avroBody, 0, framed, HEADER_SIZE, avroBody.length);
        return framed;
    }

    /** Whether the bytes are long enough for a header and start with the magic byte. */
    public static boolean hasHeader(byte[] data) {
        return data != null && data.length >= HEADER_SIZE && data[0] == MAGIC_BYTE;
    }

    /**
     * The schema id of a record in the wire format.
     *
     * @throws IllegalArgumentException when the bytes carry no header (check {@link #hasHeader(byte[])} first)
     */
    public static int readSchemaId(byte[] data) {
        if (!hasHeader(data)) {
            throw new IllegalArgumentException("Not in the Confluent wire format: expected magic byte 0x00 and "
                    + HEADER_SIZE + " header bytes");
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
