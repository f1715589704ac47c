package io.sparknn.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.trainer.data.ExampleBlock;
import io.sparknn.trainer.data.TextReader;
import io.sparknn.trainer.sequence.BitsPerCharacter;
import io.sparknn.trainer.sequence.CharVocabulary;
import io.sparknn.trainer.sequence.SlidingWindows;
import io.sparknn.trainer.sequence.Streams;
import io.sparknn.trainer.sequence.TextSplit;
import io.sparknn.engine.kernel.Blas;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.CheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.sparknn.engine.layer.SpecFields;
import io.sparknn.engine.optim.OptimizerSpecs;
import io.sparknn.trainer.config.ConfigException;
import io.sparknn.trainer.config.ConfigNode;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * A character-level language model run: read a UTF-8 text (plain or gzipped), hold out its last
 * {@code validation_fraction} of characters, train embedding → LSTM → per-step dense → softmax
 * with sliding windows (shuffled, zero state) or stateful truncated BPTT (stream-ordered, state
 * carried), and after every epoch write validation bits per character ({@link BitsPerCharacter},
 * the same single stateful pass for both modes) to {@code metrics.jsonl}. Writes
 * {@code model.bin} and {@code vocabulary.json} (the code points by id) for sampling.
 *
 * <p>Config (JSON): {@code data {format: "text", train, max_chars}}, {@code sequence {window,
 * stride, mode: sliding|stateful, validation_fraction}}, {@code network {embedding, lstm: [h...]}},
 * {@code optimizer {type, lr}}, {@code training {batch_size, epochs, seed, clip_norm, max_train_chars,
 * partitions, threads_per_task, precision, evaluate_every}}, {@code output {dir, checkpoint_every}}. In
 * stateful mode the batch size is the number of streams. {@code evaluate_every} > 0 also scores the
 * validation text every that many steps inside an epoch.
 *
 * <p>Checkpoints (at every epoch end, every {@code checkpoint_every} steps and at the end) hold the
 * model with its optimizer state, the position and, for stateful training, the carried state of
 * every stream; a run whose output directory holds one continues from it, bit for bit as if it
 * had not stopped (the config must be the same). The {@code train_bpc} of the epoch a run resumes
 * in covers the steps since the resume only.
 */
public final class CharLmTraining {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How windows are cut from the training span. */
    public enum Mode { SLIDING, STATEFUL }

    public record Settings(String text, long maxChars, int window, int stride, Mode mode, double validationFraction,
                           int embedding, int[] lstm, OptimizerSpec optimizer, int batchSize, int epochs, long seed,
                           double clipNorm, long maxTrainChars, int partitions, int threadsPerTask, Precision precision,
                           int evaluateEvery, String outputDir, int checkpointEvery, String configText) {

        /**
         * Reads the config strictly (unknown keys, wrong types and out-of-range values are errors
         * naming the file and key); paths are relative to the directory the job runs in, as for train.
         */
        public static Settings parse(String file, String text) {
            JsonNode root;
            try {
                root = JSON.readTree(text);
            } catch (IOException e) {
                throw new ConfigException(file + ": not valid JSON: " + e.getMessage().split("\n")[0]);
            }
            ConfigNode c = ConfigNode.root(file, root);
            ConfigNode d = c.object("data");
            d.choice("format", "text", "text");
            String train = d.requiredString("train");
            long maxChars = d.integer("max_chars", 0, Long.MAX_VALUE, 0);
            d.finish();
            ConfigNode s = c.object("sequence");
            int window = s.integer("window", 1, 100);
            int stride = s.integer("stride", 1, window);
            Mode mode = Mode.valueOf(s.choice("mode", "stateful", "sliding", "stateful").toUpperCase(Locale.ROOT));
            double validation = s.number("validation_fraction", 0.001, 0.9, 0.05);
            s.finish();
            ConfigNode n = c.object("network");
            int embedding = n.integer("embedding", 1, 32);
            int[] lstm = n.has("lstm") ? n.integers("lstm") : new int[] {256};
            n.finish();
            ConfigNode o = c.objectOrEmpty("optimizer");
            String type = o.string("type", "adam");
            OptimizerSpec opt = OptimizerSpecs.read(type, new SpecFields(file + ": optimizer (" + type + ")",
                    o.scalarsExcept("type")));
            o.finish();
            ConfigNode t = c.object("training");
            int batch = t.integer("batch_size", 1, 64);
            int epochs = t.integer("epochs", 1, 1);
            long seed = t.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, 42);
            double clip = t.number("clip_norm", 0, Double.MAX_VALUE, 5.0);
            long maxTrain = t.integer("max_train_chars", 0, Long.MAX_VALUE, 0);
            int partitions = t.integer("partitions", 0, 0);
            int threads = t.integer("threads_per_task", 1, 1);
            Precision precision = Precision.valueOf(t.choice("precision", "float32", "float32", "float64")
                    .toUpperCase(Locale.ROOT));
            int evaluateEvery = t.integer("evaluate_every", 0, 0);
            t.finish();
            ConfigNode o2 = c.object("output");
            Settings full = new Settings(train, maxChars, window, stride, mode, validation, embedding, lstm, opt, batch,
                    epochs, seed, clip, maxTrain, partitions, threads, precision, evaluateEvery, o2.requiredString("dir"),
                    o2.integer("checkpoint_every", 0, 0), text);
            o2.finish();
            c.finish();
            return full;
        }
    }

    private CharLmTraining() {
    }

    /** The network for a vocabulary: embedding → LSTM(s) returning sequences → dense over the vocabulary. */
    public static NetworkSpec network(Settings s, int vocab) {
        NetworkSpec.Builder b = NetworkSpec.builder(Shape.of(s.window())).embedding(vocab, s.embedding());
        for (int h : s.lstm()) {
            b.lstm(h, true);
        }
        return b.dense(vocab).build(LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    /** Reads the text (strict UTF-8, plain or gzipped), cut to {@code maxChars} code points when > 0. */
    public static String readText(String path, long maxChars) throws IOException {
        String text;
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            text = TextReader.read(in, path);
        }
        if (maxChars > 0 && text.codePointCount(0, text.length()) > maxChars) {
            text = text.substring(0, text.offsetByCodePoints(0, (int) maxChars));
        }
        return text;
    }

    /**
     * Runs the whole training; {@code sc} null computes in this process (the reference), else on
     * Spark with {@code partitions} (0: the default parallelism).
     */
    public static List<String> run(JavaSparkContext sc, Settings s, PrintStream log) throws IOException {
        return run(sc, s, log, 0);
    }

    /** Thrown by the crash simulation of {@link #run(JavaSparkContext, Settings, PrintStream, long)}. */
    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(long step) {
            super("simulated crash after step " + step);
        }
    }

    /** @param crashAfterStep tests: throw {@link SimulatedCrash} once this many steps are done (0: never) */
    static List<String> run(JavaSparkContext sc, Settings s, PrintStream log, long crashAfterStep) throws IOException {
        TextSplit split = TextSplit.of(readText(s.text(), s.maxChars()), s.text(), s.validationFraction());
        CharVocabulary vocab = split.vocabulary();
        NetworkSpec spec = network(s, vocab.size());
        log.printf("text %s: %d training and %d validation characters, %d distinct; %s%n", s.text(),
                split.train().length, split.validation().length, vocab.size(), spec.toText().replace('\n', ' '));
        Path out = Path.of(s.outputDir());
        Files.createDirectories(out);
        CheckpointStore store = new CheckpointStore(FileSystem.getLocal(new Configuration()),
                new org.apache.hadoop.fs.Path(out.toAbsolutePath().toString()), 2);
        Checkpoint resumed = store.latest();
        if (resumed != null && !resumed.config().equals(s.configText())) {
            throw new TrainingException(out + " holds a checkpoint of another config; use a new output dir");
        }
        int partitions = s.partitions() > 0 ? s.partitions() : sc == null ? 1 : sc.defaultParallelism();
        GradientSource source = source(sc, s, spec, split.train(), partitions);
        TrainingState state = initialState(s, spec, resumed);
        if (resumed != null && source instanceof StatefulGradientSource st) {
            st.restoreState(resumed.streamState());
        }
        long charsPerStep = (long) s.batchSize() * s.window();
        long maxSteps = s.maxTrainChars() > 0 ? (s.maxTrainChars() + charsPerStep - 1) / charsPerStep : 0;
        TrainingLoop loop = new TrainingLoop(new TrainingLoop.Settings(s.epochs(), s.batchSize(), s.seed(), s.clipNorm(),
                maxSteps), source, step -> s.optimizer().lr(), s.precision());
        List<String> metrics = new ArrayList<>(resumed != null ? resumed.metrics() : List.of());
        // training time only (evaluation and checkpoints excluded), continued across a resume
        double[] trainSeconds = {lastTrainSeconds(metrics)};
        int stepsPerEpoch = loop.stepsPerEpoch();
        double[] epochLoss = new double[2];
        long[] chars = {state.globalStep * charsPerStep};
        try (source; Network eval = Network.create(spec, Network.Options.of(s.precision(), 1), 0)) {
            TrainingLoop.Listener listener = new TrainingLoop.Listener() {
                @Override
                public void onStep(StepReport r, TrainingState st) {
                    trainSeconds[0] += r.stepNanos() / 1e9;
                    epochLoss[0] += r.loss();
                    epochLoss[1]++;
                    chars[0] += r.examples() * s.window();
                    // the epoch's end evaluates anyway
                    if (s.evaluateEvery() > 0 && st.globalStep % s.evaluateEvery() == 0 && st.stepInEpoch < stepsPerEpoch) {
                        metrics.add(evaluationLine(st.epoch, st, eval, split, s, epochLoss, chars[0], trainSeconds[0], log));
                    }
                    if (s.checkpointEvery() > 0 && st.globalStep % s.checkpointEvery() == 0) {
                        save(store, s, spec, st, source, metrics);
                    }
                    if (st.globalStep == crashAfterStep) {
                        throw new SimulatedCrash(st.globalStep);
                    }
                }

                @Override
                public boolean onEpochEnd(int epoch, TrainingState st) {
                    metrics.add(evaluationLine(epoch, st, eval, split, s, epochLoss, chars[0], trainSeconds[0], log));
                    save(store, s, spec, st, source, metrics);
                    return true;
                }
            };
            loop.run(state, listener);
            if (state.stepInEpoch > 0) { // stopped by max_train_chars inside an epoch
                if (epochLoss[1] > 0) {
                    metrics.add(evaluationLine(state.epoch, state, eval, split, s, epochLoss, chars[0], trainSeconds[0], log));
                }
                save(store, s, spec, state, source, metrics);
            }
        }
        Files.write(out.resolve("metrics.jsonl"), String.join("", metrics).getBytes(StandardCharsets.UTF_8));
        ModelFile.save(model(s, spec, state), out.resolve("model.bin"));
        ObjectNode v = JSON.createObjectNode();
        var cps = v.putArray("code_points");
        for (int cp : vocab.codePoints()) {
            cps.add(cp);
        }
        v.put("window", s.window());
        Files.write(out.resolve("vocabulary.json"), JSON.writeValueAsBytes(v));
        return metrics;
    }

    private static TrainingState initialState(Settings s, NetworkSpec spec, Checkpoint resumed) {
        Network init = Network.create(spec, Network.Options.of(s.precision(), 1), s.seed());
        TrainingState st = new TrainingState(init.parameters().copy(), init.buffers().copy(),
                s.optimizer().create(s.precision(), spec.paramCount()));
        init.close();
        if (resumed != null) {
            Model m = resumed.model();
            st.params.copyFrom(m.parameters(), 0, 0, m.parameters().length);
            st.buffers.copyFrom(m.buffers(), 0, 0, m.buffers().length);
            st.optimizer.restore(m.optimizerState());
            st.epoch = resumed.epoch();
            st.stepInEpoch = resumed.stepInEpoch();
            st.globalStep = resumed.globalStep();
        }
        return st;
    }

    private static Model model(Settings s, NetworkSpec spec, TrainingState st) {
        return new Model(spec, s.precision(), st.params.toDoubles(), st.buffers.toDoubles(), null, s.optimizer(),
                st.optimizer.state());
    }

    private static void save(CheckpointStore store, Settings s, NetworkSpec spec, TrainingState st, GradientSource source,
                             List<String> metrics) {
        double[] streams = source instanceof StatefulGradientSource sgs ? sgs.state() : null;
        try {
            store.save(new Checkpoint(st.globalStep, st.epoch, st.stepInEpoch, Double.NaN, 0, -1, s.configText(),
                    Blas.implementationName(), s.threadsPerTask(), Blas.openBlasThreads(), List.copyOf(metrics),
                    model(s, spec, st), null, streams));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the checkpoint of step " + st.globalStep, e);
        }
    }

    /**
     * One metrics line: validation bits per character now, and the training bits per character
     * averaged over the steps since the previous line. {@code train_seconds} counts training steps
     * only (not evaluation or checkpoints), so runs can be compared at equal training time.
     */
    private static String evaluationLine(int epoch, TrainingState st, Network eval, TextSplit split, Settings s,
                                         double[] lossSinceLast, long chars, double trainSeconds, PrintStream log) {
        eval.setParameters(st.params.toDoubles());
        BitsPerCharacter.Score score = BitsPerCharacter.score(eval, split.validation(), s.window());
        ObjectNode m = JSON.createObjectNode();
        m.put("epoch", epoch + 1);
        m.put("steps", st.globalStep);
        m.put("train_chars", chars);
        m.put("train_bpc", lossSinceLast[0] / lossSinceLast[1] / Math.log(2));
        m.put("validation_bpc", score.bitsPerCharacter());
        m.put("validation_chars", score.characters());
        m.put("train_seconds", Math.round(trainSeconds * 1e6) / 1e6);
        lossSinceLast[0] = 0;
        lossSinceLast[1] = 0;
        String line = m.toString();
        log.println(line);
        return line + "\n";
    }

    /** The training time recorded in the last metrics line of a resumed run (0 for a new one). */
    static double lastTrainSeconds(List<String> metrics) {
        if (metrics.isEmpty()) {
            return 0;
        }
        try {
            JsonNode last = JSON.readTree(metrics.get(metrics.size() - 1));
            return last.path("train_seconds").asDouble(0);
        } catch (IOException e) {
            throw new UncheckedIOException("a checkpoint's metrics line is not JSON", e);
        }
    }

    private static GradientSource source(JavaSparkContext sc, Settings s, NetworkSpec spec, int[] train, int partitions) {
        if (s.mode() == Mode.STATEFUL) {
            List<Streams> parts = Streams.of(train, s.batchSize(), s.window()).split(partitions);
            return sc == null ? StatefulGradientSource.local(parts, spec, s.precision(), s.threadsPerTask())
                    : StatefulGradientSource.spark(sc, parts, spec, s.precision(), s.threadsPerTask());
        }
        ExampleBlock all = SlidingWindows.block(train, s.window(), s.stride());
        List<ExampleBlock> blocks = TrainingData.split(all, TrainingData.evenSizes(all.n, partitions));
        if (sc == null) {
            return new LocalGradientSource(blocks, spec, s.precision(), s.threadsPerTask());
        }
        return new SparkGradientSource(sc, TrainingData.cache(sc, blocks, StorageLevel.MEMORY_ONLY()), all.n, spec,
                s.precision(), s.threadsPerTask());
    }
}
