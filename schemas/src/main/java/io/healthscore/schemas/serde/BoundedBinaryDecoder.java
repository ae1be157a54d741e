package io.healthscore.schemas.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder over one byte range that refuses any length or item count the remaining bytes cannot
 * hold. Avro's own BinaryDecoder allocates whatever length a corrupt record declares (up to 2 GiB for a
 * string), so one garbage record could take a consumer down with OutOfMemoryError instead of failing it.
 * Also strict where Avro is lenient: a boolean must be 0 or 1. Follows the Avro 1.12 binary encoding spec.
 */
final class BoundedBinaryDecoder extends Decoder {

    /**
     * Items of a zero-byte type (null, an empty record) are legal, so a collection may hold more items than
     * there are bytes left; up to this many are allowed regardless, which bounds the allocation to a few MiB.
     */
    private static final long ITEMS_WITHOUT_BYTES_ALLOWANCE = 1 << 16;

    private final byte[] buf;
    private final int start;
    private final int limit;
    private int pos;

    BoundedBinaryDecoder(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.start = offset;
        this.pos = offset;
        this.limit = offset + length;
    }

    /** Bytes not yet read. */
    int remaining() {
        return limit - pos;
    }

    @Override
    public void readNull() {
        // null is encoded as zero bytes
    }

    @Override
    public boolean readBoolean() throws IOException {
        require(1);
        byte b = buf[pos];
        if (b != 0 && b != 1) {
            throw malformed("a boolean must be 0 or 1, found " + b);
        }
        pos++;
        return b == 1;
    }

    @Override
    public int readInt() throws IOException {
        long raw = readVarint(5);
        if (raw > 0xffffffffL) {
            throw malformed("an int varint holds more than 32 bits");
        }
        int n = (int) raw;
        return (n >>> 1) ^ -(n & 1);
    }

    @Override
    public long readLong() throws IOException {
        long n = readVarint(10);
        return (n >>> 1) ^ -(n & 1);
    }

    @Override
    public float readFloat() throws IOException {
        require(4);
        int bits = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8);
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = (bits << 8) | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = readLength("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(buf, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = readLength("string");
        String result = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return result;
    }

    @Override
    public void skipString() throws IOException {
        int length = readLength("string"); // not "pos += readLength(...)": Java would add to pos as it was before
        pos += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = readLength("bytes");
        ByteBuffer result;
        if (old != null && length <= old.capacity()) {
            result = old;
            result.clear();
        } else {
            result = ByteBuffer.allocate(length);
        }
        result.put(buf, pos, length);
        result.flip();
        pos += length;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        int length = readLength("bytes");
        pos += length;
    }

    @Override
    public void readFixed(byte[] bytes, int offset, int length) throws IOException {
        require(length);
        System.arraycopy(buf, pos, bytes, offset, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length);
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        return nonNegative(readInt(), "enum index");
    }

    @Override
    public int readIndex() throws IOException {
        return nonNegative(readInt(), "union branch index");
    }

    @Override
    public long readArrayStart() throws IOException {
        return readBlockCount();
    }

    @Override
    public long arrayNext() throws IOException {
        return readBlockCount();
    }

    @Override
    public long skipArray() throws IOException {
        return skipSizedBlocks();
    }

    @Override
    public long readMapStart() throws IOException {
        return readBlockCount();
    }

    @Override
    public long mapNext() throws IOException {
        return readBlockCount();
    }

    @Override
    public long skipMap() throws IOException {
        return skipSizedBlocks();
    }

    /**
     * A block's item count. A negative count is followed by the block's size in bytes, which readers may use
     * to skip it and which we do not need when reading.
     */
    private long readBlockCount() throws IOException {
        long count = readLong();
        if (count < 0) {
            count = checkedCount(-count);
            readBlockSize();
            return count;
        }
        return checkedCount(count);
    }

    /** Skips whole blocks that declare their size; returns the item count of the first block that does not. */
    private long skipSizedBlocks() throws IOException {
        long count = readLong();
        while (count < 0) {
            checkedCount(-count);
            long size = readBlockSize();
            pos += (int) size;
            count = readLong();
        }
        return checkedCount(count);
    }

    private long readBlockSize() throws IOException {
        long size = readLong();
        if (size < 0 || size > remaining()) {
            throw malformed("a block declares " + size + " bytes but " + remaining() + " remain");
        }
        return size;
    }

    private long checkedCount(long count) throws IOException {
        if (count < 0 || count > Math.max(remaining(), ITEMS_WITHOUT_BYTES_ALLOWANCE)) {
            throw malformed("a block declares " + count + " items but only " + remaining() + " bytes remain");
        }
        return count;
    }

    private int readLength(String what) throws IOException {
        long length = readLong();
        if (length < 0) {
            throw malformed("a " + what + " declares a negative length " + length);
        }
        if (length > remaining()) {
            throw new EOFException("a " + what + " declares " + length + " bytes but only " + remaining()
                    + " remain at body offset " + (pos - start));
        }
        return (int) length;
    }

    private long readVarint(int maxBytes) throws IOException {
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            require(1);
            int b = buf[pos++] & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw malformed("a varint runs over " + maxBytes + " bytes");
    }

    private void require(int bytes) throws IOException {
        if (bytes > remaining()) {
            throw new EOFException("needs " + bytes + " more bytes at body offset " + (pos - start) + " but only "
                    + remaining() + " remain");
        }
    }

    private int nonNegative(int value, String what) throws IOException {
        if (value < 0) {
            throw malformed("a negative " + what + " " + value);
        }
        return value;
    }

    private IOException malformed(String problem) {
        return new IOException("Malformed Avro data at body offset " + (pos - start) + ": " + problem);
    }
}
