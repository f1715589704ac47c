package io.sparknn.engine.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Builds model files byte by byte from the layout documented in {@link ModelFile}, independently
 * of {@link ModelWriter}: for files the writer would never produce, and to check the writer
 * follows its documentation.
 */
final class RawModelFile {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int version = 1;

    RawModelFile version(int v) {
        version = v;
        return this;
    }

    RawModelFile section(String tag, byte[] payload) {
        return section(tag, payload.length, payload);
    }

    /** A section whose length field says {@code claimed}, whatever the payload's real length. */
    RawModelFile section(String tag, long claimed, byte[] payload) {
        body.writeBytes(tag.getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(ByteBuffer.allocate(8).putLong(claimed).array());
        body.writeBytes(payload);
        return this;
    }

    RawModelFile text(String tag, String text) {
        return section(tag, utf8(text));
    }

    /** Magic, version, total length, the sections, and the CRC32C of it all. */
    byte[] bytes() {
        byte[] b = body.toByteArray();
        ByteBuffer f = ByteBuffer.allocate(20 + b.length + 4);
        f.put("SPARKNN\0".getBytes(StandardCharsets.US_ASCII))
                .putInt(version)
                .putLong(f.capacity())
                .put(b);
        CRC32C crc = new CRC32C();
        crc.update(f.array(), 0, f.position());
        f.putInt((int) crc.getValue());
        return f.array();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An int32 count and the values as float32. */
    static byte[] floats(double... v) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * v.length).putInt(v.length);
        for (double x : v) {
            b.putFloat((float) x);
        }
        return b.array();
    }

    /** The values as float64, without a count. */
    static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] int32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    static byte[] int64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static byte[] int8(int v) {
        return new byte[] {(byte) v};
    }

    /** Fixes the checksum after a test changed bytes, so the reader gets past it to the content. */
    static byte[] withChecksum(byte[] file) {
        byte[] b = file.clone();
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }
}
