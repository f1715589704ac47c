package io.sparknn.engine.io;

import static io.sparknn.engine.io.ModelFile.BUFF;
import static io.sparknn.engine.io.ModelFile.OPTM;
import static io.sparknn.engine.io.ModelFile.OSTA;
import static io.sparknn.engine.io.ModelFile.PARM;
import static io.sparknn.engine.io.ModelFile.PREC;
import static io.sparknn.engine.io.ModelFile.PREP;
import static io.sparknn.engine.io.ModelFile.SPEC;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerSpecs;
import io.sparknn.engine.optim.OptimizerState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads format version 1 (see {@link ModelFile}): the whole file into memory, then the header and
 * checksum, then the sections, each checked against what the spec needs.
 */
final class ModelReader {
    /** Bytes read before the magic is checked: enough to show what a wrong file is. */
    private static final int PREVIEW_BYTES = 24;

    private final String source;
    private Precision precision;

    private ModelReader(String source) {
        this.source = source;
    }

    /** {@code size}: the file's size when known (−1 otherwise), used only to size the buffer. */
    static Model read(InputStream in, String source, long size) throws IOException {
        ModelReader r = new ModelReader(source);
        // The magic first, so that a large file of another kind is not read into memory.
        byte[] head = in.readNBytes(PREVIEW_BYTES);
        r.checkMagic(head);
        if (size > ModelFile.MAX_FILE_BYTES) {
            throw r.fail("larger than " + ModelFile.MAX_FILE_BYTES + " bytes, the most a model file can hold");
        }
        byte[] bytes = r.readRest(in, head, size);
        r.checkFrame(bytes);
        ByteBuffer body = ByteBuffer.wrap(
                        bytes, ModelFile.HEADER_BYTES, bytes.length - ModelFile.HEADER_BYTES - ModelFile.CHECKSUM_BYTES)
                .slice();
        return r.model(body);
    }

    /** {@code head} and all bytes after it; the buffer grows with the data, never with a length field. */
    private byte[] readRest(InputStream in, byte[] head, long size) throws IOException {
        byte[] buf = Arrays.copyOf(head, size > head.length ? (int) size + 1 : 1 << 16);
        int n = head.length;
        while (true) {
            if (n == buf.length) {
                if (n >= ModelFile.MAX_FILE_BYTES) {
                    throw fail("larger than " + ModelFile.MAX_FILE_BYTES + " bytes, the most a model file can hold");
                }
                buf = Arrays.copyOf(buf, (int) Math.min(ModelFile.MAX_FILE_BYTES, 2L * n));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                return n == buf.length ? buf : Arrays.copyOf(buf, n);
            }
            n += r;
        }
    }

    private ModelFileException fail(String message) {
        return new ModelFileException(source, message);
    }

    private ModelFileException fail(String message, Throwable cause) {
        return new ModelFileException(source, message, cause);
    }

    private void checkMagic(byte[] head) throws ModelFileException {
        if (head.length == 0) {
            throw fail("the file is empty");
        }
        int m = Math.min(head.length, ModelFile.MAGIC.length);
        if (!Arrays.equals(head, 0, m, ModelFile.MAGIC, 0, m)) {
            throw fail("not a sparknn model file: it starts with \"" + preview(head) + "\", not with SPARKNN");
        }
    }

    /**
     * Length and checksum, then the version: every format version keeps this frame (see
     * {@link ModelFile}), so an intact newer file is told apart from a damaged one.
     */
    private void checkFrame(byte[] b) throws ModelFileException {
        int n = b.length;
        if (n < ModelFile.HEADER_BYTES + ModelFile.CHECKSUM_BYTES) {
            throw fail("truncated: only " + n + " bytes, fewer than a header and checksum");
        }
        ByteBuffer h = ByteBuffer.wrap(b);
        int version = h.getInt(ModelFile.MAGIC.length);
        long declared = h.getLong(ModelFile.MAGIC.length + 4);
        if (declared > n) {
            throw fail(
                    "truncated (or its header is damaged): the file has " + n + " bytes, its header says " + declared);
        }
        if (declared < n) {
            throw fail("corrupt: the file has " + n + " bytes, its header says " + declared
                    + " (extra data at the end, or a damaged header)");
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 0, n - ModelFile.CHECKSUM_BYTES);
        int stored = h.getInt(n - ModelFile.CHECKSUM_BYTES);
        if (stored != (int) crc.getValue()) {
            throw fail(String.format(
                    "corrupt: checksum mismatch (stored %08x, computed %08x)", stored, (int) crc.getValue()));
        }
        if (version > ModelFile.FORMAT_VERSION) {
            throw fail("model file " + source + " was written by format version " + version
                    + "; this build reads up to " + ModelFile.FORMAT_VERSION + " — upgrade sparknn");
        }
        if (version < 1) {
            throw fail("invalid format version " + version);
        }
    }

    /** The first bytes as text, unprintable ones as '.', to show what the file is instead. */
    private static String preview(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, PREVIEW_BYTES); i++) {
            int c = b[i] & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        return s.toString();
    }

    private Model model(ByteBuffer body) throws ModelFileException {
        Map<String, ByteBuffer> s = sections(body);
        NetworkSpec spec = spec(s.get(SPEC));
        precision = precision(s.get(PREC));
        double[] params = values(s.get(PARM), PARM, "parameter", spec.paramCount());
        double[] buffers = values(s.get(BUFF), BUFF, "buffer value", spec.bufferCount());
        Preprocessing prep = s.containsKey(PREP) ? preprocessing(s.get(PREP)) : null;
        OptimizerSpec opt = s.containsKey(OPTM) ? optimizer(s.get(OPTM)) : null;
        OptimizerState state = s.containsKey(OSTA) ? state(s.get(OSTA), params.length) : null;
        Model model;
        try {
            model = new Model(spec, precision, params, buffers, prep, opt, state);
        } catch (SpecException | IllegalArgumentException e) {
            throw fail(e.getMessage(), e);
        }
        if (state != null) {
            checkState(model);
        }
        return model;
    }

    /** Payload of each section by tag, checked for order, repetition, length and presence. */
    private Map<String, ByteBuffer> sections(ByteBuffer body) throws ModelFileException {
        Map<String, ByteBuffer> found = new HashMap<>();
        int last = -1;
        while (body.hasRemaining()) {
            int at = ModelFile.HEADER_BYTES + body.position();
            if (body.remaining() < 12) {
                throw fail("corrupt: " + body.remaining() + " stray bytes at byte " + at + ", too few for a section");
            }
            byte[] t = new byte[4];
            body.get(t);
            String tag = new String(t, StandardCharsets.ISO_8859_1);
            long length = body.getLong();
            int index = ModelFile.SECTIONS.indexOf(tag);
            if (index < 0) {
                throw fail("corrupt: unknown section \"" + preview(t) + "\" at byte " + at);
            }
            if (index <= last) {
                throw fail("corrupt: section " + tag + " at byte " + at + " is repeated or out of order (expected "
                        + String.join(", ", ModelFile.SECTIONS) + ")");
            }
            if (length < 0 || length > body.remaining()) {
                throw fail("corrupt: section " + tag + " at byte " + at + " claims " + length + " bytes but only "
                        + body.remaining() + " remain");
            }
            ByteBuffer payload = body.slice();
            payload.limit((int) length);
            body.position(body.position() + (int) length);
            found.put(tag, payload);
            last = index;
        }
        for (String tag : ModelFile.SECTIONS.subList(0, ModelFile.REQUIRED_SECTIONS)) {
            if (!found.containsKey(tag)) {
                throw fail("corrupt: it has no " + tag + " section");
            }
        }
        if (found.containsKey(OSTA) && !found.containsKey(OPTM)) {
            throw fail("corrupt: an optimizer state (OSTA) without its optimizer (OPTM)");
        }
        return found;
    }

    private NetworkSpec spec(ByteBuffer b) throws ModelFileException {
        String text = text(b, SPEC);
        try {
            NetworkSpec spec = NetworkSpec.parse("network spec", text);
            spec.paramCount();
            spec.bufferCount();
            return spec;
        } catch (SpecException | IllegalArgumentException | ArithmeticException e) {
            throw fail("invalid " + e.getMessage(), e);
        }
    }

    private Precision precision(ByteBuffer b) throws ModelFileException {
        String text = text(b, PREC);
        for (Precision p : Precision.values()) {
            if (ModelWriter.precisionText(p).equals(text)) {
                return p;
            }
        }
        throw fail("section PREC: unknown precision \"" + text + "\" (float32 or float64)");
    }

    private String text(ByteBuffer b, String tag) throws ModelFileException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(b).toString();
        } catch (CharacterCodingException e) {
            throw fail("section " + tag + " is not valid UTF-8 text", e);
        }
    }

    /** A PARM or BUFF section: a count that must equal what the spec needs, then the values. */
    private double[] values(ByteBuffer b, String tag, String what, int expected) throws ModelFileException {
        int n = count(b, tag, precision.bytes(), what + "s");
        if (n != expected) {
            throw fail("section " + tag + " holds " + n + " " + what + "s but the network spec needs " + expected);
        }
        double[] v = values(b, n, what, precision);
        end(b, tag);
        return v;
    }

    /** An int32 count of items of at least {@code bytesEach} bytes, checked against the bytes left. */
    private int count(ByteBuffer b, String tag, int bytesEach, String what) throws ModelFileException {
        if (b.remaining() < 4) {
            throw fail("section " + tag + " ends before its count of " + what);
        }
        int n = b.getInt();
        if (n < 0 || (long) n * bytesEach > b.remaining()) {
            throw fail(
                    "section " + tag + " claims " + n + " " + what + " but has only " + b.remaining() + " bytes left");
        }
        return n;
    }

    private double[] values(ByteBuffer b, int n, String what, Precision p) throws ModelFileException {
        double[] v = new double[n];
        boolean f32 = p == Precision.FLOAT32;
        for (int i = 0; i < n; i++) {
            v[i] = f32 ? b.getFloat() : b.getDouble();
            if (!Double.isFinite(v[i])) {
                throw fail(what + " " + i + " is " + v[i]);
            }
        }
        return v;
    }

    private void end(ByteBuffer b, String tag) throws ModelFileException {
        if (b.hasRemaining()) {
            throw fail("section " + tag + " has " + b.remaining() + " unexpected bytes at its end");
        }
    }

    private Preprocessing preprocessing(ByteBuffer b) throws ModelFileException {
        if (b.remaining() < 9) {
            throw fail("section PREP is too short (" + b.remaining() + " bytes)");
        }
        int width = b.getInt();
        int flags = b.get();
        if (width < 1 || (flags & ~3) != 0) {
            throw fail("section PREP: invalid input width " + width + " or flags " + flags);
        }
        int vectors = Integer.bitCount(flags);
        if ((long) width * 8 * vectors > b.remaining()) {
            throw fail("section PREP claims input width " + width + " but has only " + b.remaining() + " bytes left");
        }
        double[] offset = (flags & 1) != 0 ? values(b, width, "preprocessing offset", Precision.FLOAT64) : null;
        double[] scale = (flags & 2) != 0 ? values(b, width, "preprocessing scale", Precision.FLOAT64) : null;
        int labels = count(b, PREP, 4, "label names");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < labels; i++) {
            int len = count(b, PREP, 1, "bytes in label name " + i);
            ByteBuffer name = b.slice();
            name.limit(len);
            b.position(b.position() + len);
            names.add(text(name, PREP));
        }
        end(b, PREP);
        try {
            return new Preprocessing(width, offset, scale, names);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage(), e);
        }
    }

    private OptimizerSpec optimizer(ByteBuffer b) throws ModelFileException {
        String text = text(b, OPTM);
        try {
            return OptimizerSpecs.parse("optimizer spec", text);
        } catch (SpecException | IllegalArgumentException e) {
            throw fail("invalid " + e.getMessage(), e);
        }
    }

    private OptimizerState state(ByteBuffer b, int paramCount) throws ModelFileException {
        if (b.remaining() < 8) {
            throw fail("section OSTA ends before its step count");
        }
        long steps = b.getLong();
        int count = count(b, OSTA, 4, "optimizer state buffers");
        double[][] buffers = new double[count][];
        for (int i = 0; i < count; i++) {
            int n = count(b, OSTA, precision.bytes(), "values in optimizer state buffer " + i);
            if (n != 0 && n != paramCount) {
                throw fail("optimizer state buffer " + i + " has " + n + " values for " + paramCount + " parameters");
            }
            buffers[i] = values(b, n, "optimizer state buffer " + i + " value", precision);
        }
        end(b, OSTA);
        return new OptimizerState(steps, buffers);
    }

    /** Restoring into a fresh optimizer checks the state's buffers are the ones that optimizer keeps. */
    private void checkState(Model model) throws ModelFileException {
        try {
            model.newOptimizer();
        } catch (SpecException | IllegalArgumentException e) {
            throw fail(
                    "the optimizer state does not fit the "
                            + model.optimizer().kind().text() + " optimizer: " + e.getMessage(),
                    e);
        }
    }
}
