package io.healthscore.schemas.serde;

/** The bytes do not start with the Confluent wire format's magic byte 0x00, so they were not written by an Avro serde. */
public class UnknownMagicByteException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public UnknownMagicByteException(String topic, byte found) {
        super(String.format("Record on topic '%s' (partition/offset unknown) starts with magic byte 0x%02x, expected "
                + "0x%02x: not in the Confluent wire format", topic, found & 0xff, WireFormat.MAGIC_BYTE));
    }
}
