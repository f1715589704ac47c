package io.sparknn.engine.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes {@link Model}s as versioned binary files. Layout of format version 1; integers
 * and IEEE 754 values are big-endian:
 * <pre>
 *   magic     8 bytes   "SPARKNN\0"
 *   version   int32     1
 *   length    int64     bytes in the whole file, checksum included
 *   sections  each: a 4-letter ASCII tag, int64 payload length, payload; in this order:
 *     SPEC    UTF-8 text of NetworkSpec.toText() (plain data, no class names)
 *     PREC    UTF-8 "float32" or "float64": the precision of every value in PARM, BUFF, OSTA
 *     PARM    int32 count, count values
 *     BUFF    int32 count, count values
 *     PREP    optional: int32 input width w, int8 flags (1 = offsets, 2 = scales follow),
 *             [w float64 offsets], [w float64 scales], int32 label count, each label as
 *             int32 byte length and UTF-8 bytes
 *     OPTM    optional: UTF-8 text of OptimizerSpec.toText()
 *     OSTA    optional, only after OPTM: int64 steps, int32 buffer count, each buffer as
 *             int32 length and that many values
 *   checksum  int32     CRC32C of every byte before it
 * </pre>
 * Every later version keeps the frame: magic, version and length first, the CRC32C of all other
 * bytes last; so a reader tells an intact file of a newer version (error: upgrade) from a damaged
 * one. A reader of version N reads every version up to N.
 *
 * <p>Reading never returns a partly read model. The magic is checked on the first bytes (a file of
 * another kind is not read further); then the whole file is read into memory, its buffer growing
 * with the bytes actually present, never sized by a length field; length, checksum and version are
 * checked before any section is decoded; and every section length, value count and value (no NaN
 * or infinity) is checked against the bytes left and the spec. Files are limited to one Java array
 * (2 GiB: about 170 million float32 parameters with Adam state).
 */
public final class ModelFile {
    /** The format version this build writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    static final byte[] MAGIC = "SPARKNN\0".getBytes(StandardCharsets.US_ASCII);
    /** Magic, version and length. */
    static final int HEADER_BYTES = 20;

    static final int CHECKSUM_BYTES = 4;
    /** The largest file this build reads or writes: one Java byte array. */
    static final int MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    static final String SPEC = "SPEC";
    static final String PREC = "PREC";
    static final String PARM = "PARM";
    static final String BUFF = "BUFF";
    static final String PREP = "PREP";
    static final String OPTM = "OPTM";
    static final String OSTA = "OSTA";
    /** Section order; the first four are required. */
    static final List<String> SECTIONS = List.of(SPEC, PREC, PARM, BUFF, PREP, OPTM, OSTA);

    static final int REQUIRED_SECTIONS = 4;

    private ModelFile() {}

    /**
     * Writes the model to {@code out} (buffered, flushed, not closed). An {@link IllegalArgumentException}
     * for a value that is NaN, infinite or beyond float32's range in a float32 model, found while
     * writing: the stream may then hold part of a file, which {@link #save} never leaves behind.
     */
    public static void write(Model m, OutputStream out) throws IOException {
        ModelWriter.write(m, out);
    }

    /**
     * Reads a model from {@code in} to its end; {@code source} names it in error messages.
     * A {@link ModelFileException} for anything that is not a complete, intact model file.
     */
    public static Model read(InputStream in, String source) throws IOException {
        return ModelReader.read(in, source, -1);
    }

    /**
     * Writes the model to {@code path} atomically: into a temporary file in the same directory,
     * forced to disk, then renamed over {@code path}. If anything fails an existing file at
     * {@code path} is left as it was and the temporary file is removed.
     */
    public static void save(Model m, Path path) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            // CREATE_NEW rather than createTempFile: the model gets the umask's permissions, not 0600.
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                write(m, Channels.newOutputStream(ch));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        forceDirectory(dir);
    }

    /** Makes the rename durable; not all platforms can open a directory, which then is skipped. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // the file itself is complete and in place; only durability across a power loss is weaker
        }
    }

    /** Reads the model file at {@code path}; errors name the path. */
    public static Model load(Path path) throws IOException {
        long size = Files.size(path);
        try (InputStream in = Files.newInputStream(path)) {
            return ModelReader.read(in, path.toString(), size);
        }
    }
}
