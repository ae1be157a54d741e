package io.healthscore.scoring.expansion;

import io.healthscore.avro.ExpansionKind;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The store's encoding of {@link ExpansionMemory}: format byte 1, atLevelSince (8 bytes), the number of kinds
 * remembered (1 byte), then per kind its fixed code (1 byte: SEATS_EXCEEDED 0, RISING_ADOPTION 1; never the
 * ordinal, which a symbol inserted into the schema's enum would move) and the time it fired (8 bytes). An unknown
 * format or code is refused, naming it.
 */
public final class ExpansionMemorySerde implements Serde<ExpansionMemory> {

    static final byte FORMAT = 1;

    @Override
    public Serializer<ExpansionMemory> serializer() {
        return (topic, memory) -> memory == null ? null : encode(memory);
    }

    @Override
    public Deserializer<ExpansionMemory> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(ExpansionMemory memory) {
        Map<ExpansionKind, Long> signalled = memory.signalled();
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 1 + 9 * signalled.size());
        out.put(FORMAT).putLong(memory.atLevelSince()).put((byte) signalled.size());
        signalled.forEach((kind, at) -> out.put(code(kind)).putLong(at));
        return out.array();
    }

    static ExpansionMemory decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte format = in.get();
            if (format != FORMAT) {
                throw new SerializationException("Unknown expansion memory format " + format
                        + ": this version reads format " + FORMAT);
            }
            long since = in.getLong();
            int count = in.get();
            Map<ExpansionKind, Long> signalled = new EnumMap<>(ExpansionKind.class);
            for (int i = 0; i < count; i++) {
                signalled.put(kind(in.get()), in.getLong());
            }
            if (in.hasRemaining()) {
                throw new SerializationException("expansion memory has " + in.remaining() + " trailing bytes");
            }
            ExpansionMemory memory = new ExpansionMemory();
            memory.restore(since, signalled);
            return memory;
        } catch (java.nio.BufferUnderflowException e) {
            throw new SerializationException("expansion memory is truncated", e);
        }
    }

    private static byte code(ExpansionKind kind) {
        return switch (kind) {
            case SEATS_EXCEEDED -> 0;
            case RISING_ADOPTION -> 1;
            case OTHER -> throw new IllegalArgumentException("OTHER is never remembered");
        };
    }

    private static ExpansionKind kind(byte code) {
        return switch (code) {
            case 0 -> ExpansionKind.SEATS_EXCEEDED;
            case 1 -> ExpansionKind.RISING_ADOPTION;
            default -> throw new SerializationException("lastSignalled: unknown ExpansionKind code " + code
                    + " (known: 0=SEATS_EXCEEDED, 1=RISING_ADOPTION)");
        };
    }
}
