package io.sparknn.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.Precision;
import io.sparknn.engine.SparknnException;
import io.sparknn.engine.fuzz.FuzzRun;
import io.sparknn.engine.fuzz.Mutations;
import io.sparknn.engine.fuzz.ReaderProperty;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link ModelFile#read} (what the jobs and checkpoints read model files with) with
 * mutations of valid model files: every input is a model or a {@link ModelFileException} (kind
 * BAD_MODEL, exit 7) on one line naming the file ({@link ReaderProperty}). A file's checksum stops
 * almost every raw mutation at the frame, so most inputs are mutated inside one section and given
 * the right section lengths, file length and checksum, to reach the decoding behind them.
 */
class ModelReaderFuzzTest {
    private static final String SOURCE = "runs/fuzz/model.bin";

    private static final Mutations MUTATIONS = new Mutations(
            List.of(
                    resource("dense-adam", GoldenModelFile.RESOURCE),
                    resource("conv-rmsprop", GoldenLayerModelFiles.CONV),
                    resource("recurrent-adamw", GoldenLayerModelFiles.RECURRENT),
                    new Mutations.Seed("dense-float64", TestModels.bytes(TestModels.trained(Precision.FLOAT64)))),
            List.of(
                    "SPEC",
                    "PREC",
                    "PARM",
                    "BUFF",
                    "PREP",
                    "OPTM",
                    "OSTA",
                    "float32",
                    "float64",
                    "input ",
                    "layer ",
                    "loss ",
                    "\n",
                    "dense units=",
                    "conv2d filters=",
                    "lstm hidden=",
                    "embedding vocab=",
                    " dim=",
                    "kernel=",
                    "x",
                    "=",
                    " ",
                    "flatten",
                    "relu",
                    "maxpool2d kernel=",
                    "mse",
                    "softmax_cross_entropy",
                    "adam lr=",
                    "sgd",
                    "nesterov=true",
                    "0.0",
                    "-1",
                    "NaN"));

    /** How an input is made from a valid file. */
    enum Mode {
        /** the whole file mutated, frame and all */
        RAW,
        /** the whole file mutated, then its length and checksum made right */
        REFRAMED,
        /** one section's payload mutated, then every length and the checksum made right */
        SECTION
    }

    record ModelInput(Mode mode, int section, Mutations.Input input, byte[] bytes) implements FuzzRun.Case {
        @Override
        public String toString() {
            return mode + (mode == Mode.SECTION ? " section " + section : "") + " of " + input + " → "
                    + Mutations.preview(bytes, 300);
        }
    }

    @Test
    void everyInputIsAModelOrOneClearError() {
        FuzzRun.run(
                "model",
                ModelReaderFuzzTest::input,
                in -> ReaderProperty.check(
                        SparknnException.Kind.BAD_MODEL,
                        "model file " + SOURCE,
                        in.bytes().length,
                        () -> ModelFile.read(new ByteArrayInputStream(in.bytes()), SOURCE)));
    }

    /** As the fuzzer found for data and configs: text of the file (here its spec) is quoted with its line breaks escaped. */
    @Test
    void aCarriageReturnInTheSpecIsShownAsAnEscape() {
        byte[] file = new RawModelFile()
                .text("SPEC", "input 5\nlayer dense\runits=4\nloss mse\n")
                .text("PREC", "float32")
                .section("PARM", RawModelFile.floats())
                .section("BUFF", RawModelFile.floats())
                .bytes();
        ModelFileException e = assertThrows(ModelFileException.class, () -> TestModels.read(file, SOURCE));
        assertEquals(
                "model file runs/fuzz/model.bin: invalid network spec line 2: unknown layer type 'dense\\runits=4' (one of"
                        + " dense, conv2d, maxpool2d, avgpool2d, flatten, relu, leaky_relu, sigmoid, tanh, softmax,"
                        + " dropout, batchnorm, embedding, lstm, gru)",
                e.getMessage());
    }

    private static final Mode[] MODES = {Mode.RAW, Mode.REFRAMED, Mode.SECTION};

    /** How often each of {@link #MODES} is drawn: mostly one section, past the checksum. */
    private static final int[] MODE_WEIGHTS = {1, 2, 6};

    /** An input: a mode, a valid file, a section and up to four steps. */
    private static ModelInput input(SplittableRandom random) {
        Mode mode = MODES[Mutations.weighted(random, MODE_WEIGHTS)];
        int seed = random.nextInt(MUTATIONS.seeds().size());
        int section = random.nextInt(7);
        return input(mode, seed, section, Mutations.steps(random, 4));
    }

    private static ModelInput input(Mode mode, int seed, int section, List<Mutations.Step> steps) {
        byte[] valid = MUTATIONS.seeds().get(seed).bytes();
        return switch (mode) {
            case RAW -> {
                Mutations.Input in = MUTATIONS.apply(seed, steps);
                yield new ModelInput(mode, -1, in, in.bytes());
            }
            case REFRAMED -> {
                Mutations.Input in = MUTATIONS.apply(seed, steps);
                yield new ModelInput(mode, -1, in, reframed(in.bytes()));
            }
            case SECTION -> {
                List<byte[]> tags = new ArrayList<>();
                List<byte[]> payloads = new ArrayList<>();
                split(valid, tags, payloads);
                int k = section % payloads.size();
                payloads.set(k, MUTATIONS.mutate(payloads.get(k), steps));
                byte[] joined = join(valid, tags, payloads);
                yield new ModelInput(
                        mode,
                        k,
                        new Mutations.Input(seed, MUTATIONS.seeds().get(seed).name(), steps, joined),
                        joined);
            }
        };
    }

    /** The sections of a valid file: their tags and payloads. */
    private static void split(byte[] file, List<byte[]> tags, List<byte[]> payloads) {
        ByteBuffer b = ByteBuffer.wrap(file, ModelFile.HEADER_BYTES, file.length - ModelFile.HEADER_BYTES - 4);
        while (b.hasRemaining()) {
            byte[] tag = new byte[4];
            b.get(tag);
            byte[] payload = new byte[(int) b.getLong()];
            b.get(payload);
            tags.add(tag);
            payloads.add(payload);
        }
    }

    /** The header of {@code file}, the sections with their lengths, and a right length and checksum. */
    private static byte[] join(byte[] file, List<byte[]> tags, List<byte[]> payloads) {
        int size = ModelFile.HEADER_BYTES + 4;
        for (byte[] p : payloads) {
            size += 12 + p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(file, 0, ModelFile.HEADER_BYTES);
        for (int i = 0; i < tags.size(); i++) {
            out.put(tags.get(i)).putLong(payloads.get(i).length).put(payloads.get(i));
        }
        return reframed(out.putInt(0).array());
    }

    /** {@code file} with the length its header declares and its checksum made right (when it has room for them). */
    static byte[] reframed(byte[] file) {
        if (file.length < ModelFile.HEADER_BYTES + 4) {
            return file;
        }
        byte[] b = file.clone();
        ByteBuffer.wrap(b).putLong(12, b.length);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    private static Mutations.Seed resource(String name, String path) {
        try (InputStream in = ModelReaderFuzzTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new Mutations.Seed(name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
