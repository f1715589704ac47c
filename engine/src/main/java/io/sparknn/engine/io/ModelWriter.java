package io.sparknn.engine.io;

import static io.sparknn.engine.io.ModelFile.BUFF;
import static io.sparknn.engine.io.ModelFile.OPTM;
import static io.sparknn.engine.io.ModelFile.OSTA;
import static io.sparknn.engine.io.ModelFile.PARM;
import static io.sparknn.engine.io.ModelFile.PREC;
import static io.sparknn.engine.io.ModelFile.PREP;
import static io.sparknn.engine.io.ModelFile.SPEC;

import io.sparknn.engine.Precision;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32C;

/** Writes format version 1 (see {@link ModelFile}) through one buffer, checksumming as it goes. */
final class ModelWriter {
    private static final int SECTION_HEADER = 12;

    private final OutputStream out;
    private final Precision precision;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    private final CRC32C crc = new CRC32C();

    private ModelWriter(OutputStream out, Precision precision) {
        this.out = out;
        this.precision = precision;
    }

    static void write(Model m, OutputStream out) throws IOException {
        byte[] spec = utf8(m.spec().toText(), "the network spec");
        byte[] prec = utf8(precisionText(m.precision()), "the precision");
        byte[] prep = m.preprocessing() == null ? null : preprocessing(m.preprocessing());
        byte[] optm = m.optimizer() == null ? null : utf8(m.optimizer().toText(), "the optimizer spec");
        double[][] state =
                m.optimizerState() == null ? null : m.optimizerState().buffers();
        int b = m.precision().bytes();
        long parm = 4 + (long) m.parameters().length * b;
        long buff = 4 + (long) m.buffers().length * b;
        long osta = state == null ? 0 : stateBytes(state, b);
        long total = ModelFile.HEADER_BYTES
                + section(spec.length)
                + section(prec.length)
                + section(parm)
                + section(buff)
                + (prep == null ? 0 : section(prep.length))
                + (optm == null ? 0 : section(optm.length))
                + (state == null ? 0 : section(osta))
                + ModelFile.CHECKSUM_BYTES;
        if (total > ModelFile.MAX_FILE_BYTES) {
            throw new IllegalArgumentException("the model needs a file of " + total
                    + " bytes; model files are limited to " + ModelFile.MAX_FILE_BYTES);
        }
        ModelWriter w = new ModelWriter(out, m.precision());
        w.header(total);
        w.section(SPEC, spec);
        w.section(PREC, prec);
        w.values(PARM, parm, m.parameters(), "parameter");
        w.values(BUFF, buff, m.buffers(), "buffer value");
        if (prep != null) {
            w.section(PREP, prep);
        }
        if (optm != null) {
            w.section(OPTM, optm);
        }
        if (state != null) {
            w.state(osta, m.optimizerState().steps(), state);
        }
        w.finish();
    }

    static String precisionText(Precision p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    private static long section(long payload) {
        return SECTION_HEADER + payload;
    }

    private static long stateBytes(double[][] state, int bytesEach) {
        long n = 8 + 4;
        for (double[] s : state) {
            n += 4 + (long) s.length * bytesEach;
        }
        return n;
    }

    /** Strict UTF-8: a string with an unpaired surrogate would not read back equal, so it is refused. */
    static byte[] utf8(String s, String what) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid Unicode text: " + s, e);
        }
    }

    private static byte[] preprocessing(Preprocessing p) {
        double[] offset = p.offset();
        double[] scale = p.scale();
        byte[][] labels = new byte[p.labelNames().size()][];
        long n = 4 + 1 + 8L * p.inputWidth() * ((offset == null ? 0 : 1) + (scale == null ? 0 : 1)) + 4;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = utf8(p.labelNames().get(i), "label name " + i);
            n += 4 + labels[i].length;
        }
        if (n > ModelFile.MAX_FILE_BYTES) {
            throw new IllegalArgumentException("the preprocessing needs " + n + " bytes, more than a model file holds");
        }
        ByteBuffer b = ByteBuffer.allocate((int) n);
        b.putInt(p.inputWidth()).put((byte) ((offset == null ? 0 : 1) | (scale == null ? 0 : 2)));
        for (double[] v : new double[][] {offset, scale}) {
            if (v != null) {
                b.asDoubleBuffer().put(v);
                b.position(b.position() + 8 * v.length);
            }
        }
        b.putInt(labels.length);
        for (byte[] l : labels) {
            b.putInt(l.length).put(l);
        }
        return b.array();
    }

    private void header(long total) throws IOException {
        putBytes(ModelFile.MAGIC);
        room(12);
        buf.putInt(ModelFile.FORMAT_VERSION).putLong(total);
    }

    private void sectionHeader(String tag, long length) throws IOException {
        room(SECTION_HEADER);
        buf.put(tag.getBytes(StandardCharsets.US_ASCII)).putLong(length);
    }

    private void section(String tag, byte[] payload) throws IOException {
        sectionHeader(tag, payload.length);
        putBytes(payload);
    }

    private void values(String tag, long length, double[] v, String what) throws IOException {
        sectionHeader(tag, length);
        room(4);
        buf.putInt(v.length);
        putValues(v, what);
    }

    private void state(long length, long steps, double[][] buffers) throws IOException {
        sectionHeader(OSTA, length);
        room(12);
        buf.putLong(steps).putInt(buffers.length);
        for (int i = 0; i < buffers.length; i++) {
            room(4);
            buf.putInt(buffers[i].length);
            putValues(buffers[i], "optimizer state buffer " + i + " value");
        }
    }

    /** Each value checked: a file must never hold what {@link ModelReader} would reject. */
    private void putValues(double[] v, String what) throws IOException {
        boolean f32 = precision == Precision.FLOAT32;
        for (int i = 0; i < v.length; i++) {
            room(8);
            if (f32) {
                float f = (float) v[i];
                if (!Float.isFinite(f)) {
                    throw notFinite(what, i, v[i]);
                }
                buf.putFloat(f);
            } else {
                if (!Double.isFinite(v[i])) {
                    throw notFinite(what, i, v[i]);
                }
                buf.putDouble(v[i]);
            }
        }
    }

    private IllegalArgumentException notFinite(String what, int i, double v) {
        String why = Double.isFinite(v) ? v + ", beyond float32's range" : String.valueOf(v);
        return new IllegalArgumentException("cannot write a model file: " + what + " " + i + " is " + why);
    }

    private void putBytes(byte[] b) throws IOException {
        int done = 0;
        while (done < b.length) {
            room(1);
            int n = Math.min(buf.remaining(), b.length - done);
            buf.put(b, done, n);
            done += n;
        }
    }

    /** Makes room for {@code n} bytes, emptying the buffer into the stream if needed. */
    private void room(int n) throws IOException {
        if (buf.remaining() < n) {
            drain();
        }
    }

    private void drain() throws IOException {
        crc.update(buf.array(), 0, buf.position());
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    private void finish() throws IOException {
        drain();
        buf.putInt((int) crc.getValue());
        out.write(buf.array(), 0, 4);
        buf.clear();
        out.flush();
    }
}
