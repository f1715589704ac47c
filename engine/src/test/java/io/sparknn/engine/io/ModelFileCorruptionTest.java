package io.sparknn.engine.io;

import static io.sparknn.engine.io.RawModelFile.concat;
import static io.sparknn.engine.io.RawModelFile.floats;
import static io.sparknn.engine.io.RawModelFile.int32;
import static io.sparknn.engine.io.RawModelFile.int64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Precision;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a file can be wrong gives one clear error naming the file, never a model. */
class ModelFileCorruptionTest {
    private static final String SRC = "runs/iris.model";
    private static final String DENSE = TestModels.denseSpec().toText();

    @TempDir
    Path dir;

    private static ModelFileException rejected(byte[] file) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> TestModels.read(file, SRC));
        assertTrue(e.getMessage().startsWith("model file " + SRC), e.getMessage());
        assertEquals(SRC, e.source());
        return e;
    }

    private static void assertRejected(byte[] file, String expected) {
        String m = rejected(file).getMessage();
        assertTrue(m.contains(expected), "expected '" + expected + "' in: " + m);
    }

    private static byte[] valid() {
        return TestModels.bytes(TestModels.trained(Precision.FLOAT32));
    }

    /** Offset of the payload of the first section with this tag. */
    private static int payloadOf(byte[] file, String tag) {
        byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
        for (int i = ModelFile.HEADER_BYTES; i + 4 <= file.length; i++) {
            if (Arrays.equals(file, i, i + 4, t, 0, 4)) {
                return i + 12;
            }
        }
        throw new AssertionError("no section " + tag);
    }

    private static RawModelFile dense() {
        return new RawModelFile().text("SPEC", DENSE).text("PREC", "float32");
    }

    private static byte[] denseParams() {
        double[] p = new double[39];
        Arrays.fill(p, 0.5);
        return floats(p);
    }

    @Test
    void anEmptyFileSaysItIsEmpty() throws Exception {
        Path f = Files.createFile(dir.resolve("empty.model"));
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(f));
        assertEquals("model file " + f + ": the file is empty", e.getMessage());
    }

    @Test
    void aCsvFileIsNotAModelFile() throws Exception {
        Path f = dir.resolve("train.csv");
        Files.writeString(f, "label,x1,x2\n1,0.5,0.25\n0,0.1,0.2\n");
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(f));
        assertEquals(
                "model file " + f + ": not a sparknn model file: it starts with \"label,x1,x2.1,0.5,0.25.0\", "
                        + "not with SPARKNN",
                e.getMessage());
    }

    @Test
    void aForeignStreamIsRejectedFromItsFirstBytesWithoutReadingTheRest() {
        byte[] start = "PK\u0003\u0004 a zip archive, say!".getBytes(StandardCharsets.ISO_8859_1);
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(start), new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read past the first bytes");
            }
        });
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(in, "x.zip"));
        assertEquals(
                "model file x.zip: not a sparknn model file: it starts with \"PK.. a zip archive, say!\", "
                        + "not with SPARKNN",
                e.getMessage());
    }

    @Test
    void aFileTooLargeForOneArrayIsRejectedBeforeReadingIt() throws Exception {
        Path f = dir.resolve("huge.model");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(Arrays.copyOf(valid(), 24));
            raf.setLength(3L << 30);
        }
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(f));
        assertEquals(
                "model file " + f + ": larger than 2147483639 bytes, the most a model file can hold", e.getMessage());
    }

    @Test
    void aWrongMagicIsNotAModelFile() {
        byte[] b = valid();
        b[3] = 'X';
        assertRejected(b, "not a sparknn model file");
    }

    @Test
    void aNewerFormatVersionAsksForAnUpgrade() {
        byte[] b = valid();
        ByteBuffer.wrap(b).putInt(8, 2);
        ModelFileException e = rejected(RawModelFile.withChecksum(b));
        assertEquals(
                "model file " + SRC + " was written by format version 2; this build reads up to 1 — upgrade sparknn",
                e.getMessage());
    }

    @Test
    void aVersionZeroFileIsInvalid() {
        byte[] b = valid();
        ByteBuffer.wrap(b).putInt(8, 0);
        assertRejected(RawModelFile.withChecksum(b), "invalid format version 0");
    }

    @Test
    void aDamagedVersionFieldIsCorruptionNotANewerVersion() {
        byte[] b = valid();
        b[11] ^= 0x5a;
        assertRejected(b, "corrupt: checksum mismatch");
    }

    @Test
    void aFileCutAnywhereIsReportedTruncated() {
        byte[] b = valid();
        int[] cuts = {
            1,
            7,
            8,
            11,
            12,
            19,
            20,
            23,
            24,
            40,
            payloadOf(b, "PARM") + 10,
            payloadOf(b, "OSTA") + 3,
            b.length - 5,
            b.length - 1
        };
        for (int cut : cuts) {
            assertRejected(Arrays.copyOf(b, cut), "truncated");
        }
    }

    @Test
    void bytesAfterTheEndAreRejected() {
        byte[] b = valid();
        assertRejected(Arrays.copyOf(b, b.length + 3), "extra data at the end");
    }

    @Test
    void anyFlippedByteIsCaught() {
        byte[] b = valid();
        for (int i = 0; i < b.length; i++) {
            byte[] c = b.clone();
            c[i] ^= (byte) 0x5a;
            String m = rejected(c).getMessage();
            if (i >= ModelFile.HEADER_BYTES) {
                assertTrue(m.contains("checksum mismatch"), "byte " + i + ": " + m);
            }
        }
    }

    @Test
    void aFlippedByteInEachSectionIsAChecksumError() {
        byte[] b = valid();
        for (String tag : ModelFile.SECTIONS) {
            byte[] c = b.clone();
            c[payloadOf(b, tag) + 2] ^= 1;
            assertRejected(c, "corrupt: checksum mismatch");
        }
    }

    // The files below have a valid checksum: a buggy or foreign writer, not a damaged disk.

    @Test
    void aHugeSectionLengthIsRejectedWithoutAllocatingIt() {
        assertRejected(
                new RawModelFile()
                        .section("SPEC", 1L << 40, RawModelFile.utf8(DENSE))
                        .bytes(),
                "section SPEC at byte 20 claims 1099511627776 bytes but only " + DENSE.length() + " remain");
        assertRejected(new RawModelFile().section("SPEC", -5, new byte[0]).bytes(), "claims -5 bytes");
    }

    @Test
    void aHugeValueCountIsRejectedWithoutAllocatingIt() {
        byte[] parm = concat(int32(Integer.MAX_VALUE), new byte[8]);
        assertRejected(
                dense().section("PARM", parm).section("BUFF", floats()).bytes(),
                "section PARM claims 2147483647 parameters but has only 8 bytes left");
    }

    @Test
    void theParameterCountMustBeWhatTheSpecNeeds() {
        assertRejected(
                dense().section("PARM", floats(1, 2, 3))
                        .section("BUFF", floats())
                        .bytes(),
                "section PARM holds 3 parameters but the network spec needs 39");
    }

    @Test
    void aNaNParameterIsRejected() {
        byte[] p = denseParams();
        ByteBuffer.wrap(p).putFloat(4 + 4 * 17, Float.NaN);
        assertRejected(dense().section("PARM", p).section("BUFF", floats()).bytes(), ": parameter 17 is NaN");
    }

    @Test
    void anInfiniteBufferValueIsRejected() {
        String bn = "input 2\nlayer batchnorm eps=1.0E-5 momentum=0.1\nloss mse\n";
        assertRejected(
                new RawModelFile()
                        .text("SPEC", bn)
                        .text("PREC", "float64")
                        .section("PARM", concat(int32(4), RawModelFile.doubles(1, 1, 0, 0)))
                        .section("BUFF", concat(int32(4), RawModelFile.doubles(0, Double.NEGATIVE_INFINITY, 1, 1)))
                        .bytes(),
                "buffer value 1 is -Infinity");
    }

    @Test
    void sectionsMustComeInOrderOnceEach() {
        assertRejected(
                new RawModelFile().text("PREC", "float32").text("SPEC", DENSE).bytes(),
                "section SPEC at byte 39 is repeated or out of order");
        assertRejected(dense().text("PREC", "float32").bytes(), "section PREC at byte");
    }

    @Test
    void anUnknownSectionIsRejected() {
        assertRejected(dense().text("XTRA", "hello").bytes(), "unknown section \"XTRA\"");
    }

    @Test
    void aMissingRequiredSectionIsNamed() {
        assertRejected(dense().section("PARM", denseParams()).bytes(), "it has no BUFF section");
    }

    @Test
    void anOptimizerStateNeedsItsOptimizer() {
        byte[] osta = concat(int64(1), int32(0));
        assertRejected(
                dense().section("PARM", denseParams())
                        .section("BUFF", floats())
                        .section("OSTA", osta)
                        .bytes(),
                "an optimizer state (OSTA) without its optimizer (OPTM)");
    }

    @Test
    void anAdamStateWithOneBufferDoesNotFitAdam() {
        byte[] osta = concat(int64(2), int32(1), floats(new double[39]));
        assertRejected(
                dense().section("PARM", denseParams())
                        .section("BUFF", floats())
                        .text("OPTM", TestModels.ADAM.toText())
                        .section("OSTA", osta)
                        .bytes(),
                "the optimizer state does not fit the adam optimizer: adam state needs 3 buffers (2 when written before amsgrad "
                        + "existed), got 1");
    }

    @Test
    void anOptimizerStateBufferOfTheWrongLengthIsRejected() {
        byte[] osta = concat(int64(2), int32(2), floats(new double[39]), floats(1, 2));
        assertRejected(
                dense().section("PARM", denseParams())
                        .section("BUFF", floats())
                        .text("OPTM", TestModels.ADAM.toText())
                        .section("OSTA", osta)
                        .bytes(),
                "optimizer state buffer 1 has 2 values for 39 parameters");
    }

    @Test
    void anUnknownPrecisionIsRejected() {
        assertRejected(
                new RawModelFile()
                        .text("SPEC", DENSE)
                        .text("PREC", "float16")
                        .section("PARM", denseParams())
                        .section("BUFF", floats())
                        .bytes(),
                "section PREC: unknown precision \"float16\"");
    }

    @Test
    void anInvalidSpecNamesItsLine() {
        assertRejected(
                new RawModelFile()
                        .text("SPEC", "input 4\nlayer frobnicate\nloss mse\n")
                        .text("PREC", "float32")
                        .section("PARM", floats())
                        .section("BUFF", floats())
                        .bytes(),
                "invalid network spec line 2");
    }

    @Test
    void anInvalidOptimizerSpecIsRejected() {
        assertRejected(
                dense().section("PARM", denseParams())
                        .section("BUFF", floats())
                        .text("OPTM", "adam lr=-1")
                        .bytes(),
                "invalid optimizer spec: key 'lr'");
    }

    @Test
    void textThatIsNotUtf8IsRejected() {
        assertRejected(
                new RawModelFile()
                        .section("SPEC", new byte[] {'i', (byte) 0xff, 'x'})
                        .text("PREC", "float32")
                        .section("PARM", floats())
                        .section("BUFF", floats())
                        .bytes(),
                "section SPEC is not valid UTF-8 text");
    }

    @Test
    void bytesLeftInASectionAreRejected() {
        assertRejected(
                dense().section("PARM", concat(denseParams(), new byte[3]))
                        .section("BUFF", floats())
                        .bytes(),
                "section PARM has 3 unexpected bytes at its end");
    }

    @Test
    void labelNamesMustMatchTheOutputs() {
        byte[] prep = concat(
                int32(5),
                RawModelFile.int8(0),
                int32(2),
                int32(1),
                RawModelFile.utf8("a"),
                int32(1),
                RawModelFile.utf8("b"));
        assertRejected(
                dense().section("PARM", denseParams())
                        .section("BUFF", floats())
                        .section("PREP", prep)
                        .bytes(),
                "2 label names for a network with 3 outputs");
    }

    @Test
    void aPreprocessingWidthBeyondTheSectionIsRejected() {
        byte[] prep = concat(int32(1 << 28), RawModelFile.int8(3), int32(0));
        assertRejected(
                dense().section("PARM", denseParams())
                        .section("BUFF", floats())
                        .section("PREP", prep)
                        .bytes(),
                "section PREP claims input width 268435456 but has only 4 bytes left");
    }
}
