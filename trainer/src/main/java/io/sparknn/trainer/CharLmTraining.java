package io.sparknn.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.kernel.Blas;
import io.sparknn.engine.layer.SpecFields;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerSpecs;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.InProcessGradientSource;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.Streams;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.CheckpointStore;
import io.sparknn.trainer.checkpoint.MetricsLog;
import io.sparknn.trainer.checkpoint.MetricsMark;
import io.sparknn.trainer.checkpoint.OutputFiles;
import io.sparknn.trainer.checkpoint.RunDirectory;
import io.sparknn.trainer.config.ConfigNode;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.data.DataException;
import io.sparknn.trainer.data.TextReader;
import io.sparknn.trainer.sequence.BitsPerCharacter;
import io.sparknn.trainer.sequence.CharVocabulary;
import io.sparknn.trainer.sequence.SlidingWindows;
import io.sparknn.trainer.sequence.TextSplit;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * A character-level language model run: read a UTF-8 text (plain or gzipped), hold out its last
 * {@code validation_fraction} of characters (the vocabulary takes the characters of both parts:
 * {@link TextSplit}), train embedding → LSTM → per-step dense → softmax
 * with sliding windows (shuffled, zero state) or stateful truncated BPTT (stream-ordered, state
 * carried), and after every epoch write validation bits per character ({@link BitsPerCharacter},
 * the same single stateful pass for both modes) to {@code metrics.jsonl}.
 *
 * <p>Config (JSON): {@code data {format: "text", train, max_chars}}, {@code sequence {window,
 * stride, mode: sliding|stateful, validation_fraction}}, {@code network {embedding, lstm: [h...]}},
 * {@code optimizer {type, lr}}, {@code training {batch_size, epochs, seed, clip_norm, max_train_chars,
 * partitions, threads_per_task, precision, evaluate_every}}, {@code output {dir, mode, checkpoint_every}}.
 * In stateful mode the batch size is the number of streams. {@code evaluate_every} > 0 also scores
 * the validation text every that many steps inside an epoch.
 *
 * <p>Files: the text and the output directory are Hadoop paths (local, {@code hdfs://},
 * {@code s3a://}, ...; relative ones against the file system's working directory, for the local one
 * the directory the job runs in). The run writes {@code config.resolved.json} (every default filled
 * in), {@code run-info.json} and {@code vocabulary.json} (the code points by id, and the window)
 * when it starts, a line of {@code metrics.jsonl} after every validation score ({@link MetricsLog}),
 * and {@code model.bin} then {@code _SUCCESS} at the end; every other file is written under a
 * temporary name and renamed into place ({@link OutputFiles}), so none is ever seen half-written.
 *
 * <p>Checkpoints (at every epoch end, every {@code checkpoint_every} steps and at the end) hold the
 * model with its optimizer state, the position, the number of metrics lines so far, the resolved
 * config, the BLAS implementation and thread counts and, for stateful training, the carried state of
 * every stream. {@code output.mode} decides what happens to a directory that already holds a run, as for
 * the train job ({@link RunDirectory}): {@code new} (the default) refuses it, {@code overwrite}
 * deletes it first, {@code resume} continues from its newest committed checkpoint (refused when
 * there is none) and {@code auto} resumes when there is one, starts an empty directory and does
 * nothing for a finished run ({@code _SUCCESS}); a directory holding files but no checkpoint is
 * never written into by {@code auto}. Nothing is written before the config, the directory and the
 * text have been checked.
 *
 * <p>A resume continues bit for bit as if the run had not stopped, given the same settings, BLAS
 * and thread counts. It compares the settings that change what is computed with those in the
 * checkpoint ({@code output.*} and {@code training.evaluate_every} may change, so a run directory
 * can be moved and checkpoint or score at another rate) and refuses a change, naming the first
 * changed key with both values, unless {@code allowConfigChange} (the command line's
 * {@code --allow-config-change}): then the run continues from the checkpoint with the new settings
 * (the stream state is dropped when the streams changed). Even then it refuses a checkpoint whose
 * parameters do not fit (another network, vocabulary or optimizer). A different BLAS
 * implementation, {@code OPENBLAS_NUM_THREADS} or engine thread count is a warning: the result then
 * matches the uninterrupted run to rounding only. The {@code train_bpc} of the epoch a run resumes
 * in covers the steps since the resume only.
 */
public final class CharLmTraining {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Checkpoints kept: the newest and the one before, in case the newest is damaged. */
    private static final int KEEP_CHECKPOINTS = 2;
    static final String VOCABULARY = "vocabulary.json";

    /** How windows are cut from the training span. */
    public enum Mode { SLIDING, STATEFUL }

    /**
     * @param configFile names the config in messages
     * @param configText the config as written
     */
    public record Settings(String text, long maxChars, int window, int stride, Mode mode, double validationFraction,
                           int embedding, int[] lstm, OptimizerSpec optimizer, int batchSize, int epochs, long seed,
                           double clipNorm, long maxTrainChars, int partitions, int threadsPerTask, Precision precision,
                           int evaluateEvery, String outputDir, String outputMode, int checkpointEvery,
                           String configFile, String configText) {

        /**
         * Reads the config strictly (unknown keys, wrong types and out-of-range values are errors
         * naming the file and key); paths are relative to the directory the job runs in, as for train.
         */
        public static Settings parse(String file, String text) {
            ConfigNode c = ConfigNode.parse(file, text);
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
            String type = o.choice("type", "adam", OptimizerSpec.Kind.texts());
            OptimizerSpec opt = OptimizerSpecs.read(type, new SpecFields(file, o.path(), o.scalarsExcept("type")));
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
            ConfigNode out = c.object("output");
            String dir = out.requiredString("dir");
            String outputMode = out.choice("mode", "new", "new", "overwrite", "resume", "auto");
            int checkpointEvery = out.integer("checkpoint_every", 0, 0);
            out.finish();
            c.finish();
            return new Settings(train, maxChars, window, stride, mode, validation, embedding, lstm, opt, batch, epochs,
                    seed, clip, maxTrain, partitions, threads, precision, evaluateEvery, dir, outputMode, checkpointEvery,
                    file, text);
        }

        /**
         * The config with every default filled in, in the schema {@link #parse} reads (it can be
         * trained from): {@code config.resolved.json}, and what a resume compares key by key.
         */
        public String resolved() {
            ObjectNode root = JSON.createObjectNode();
            root.putObject("data").put("format", "text").put("train", text).put("max_chars", maxChars);
            root.putObject("sequence").put("window", window).put("stride", stride)
                    .put("mode", mode.name().toLowerCase(Locale.ROOT)).put("validation_fraction", validationFraction);
            ArrayNode hidden = root.putObject("network").put("embedding", embedding).putArray("lstm");
            for (int h : lstm) {
                hidden.add(h);
            }
            root.set("optimizer", ConfigReader.specObject(optimizer.toText()));
            root.putObject("training").put("batch_size", batchSize).put("epochs", epochs).put("seed", seed)
                    .put("clip_norm", clipNorm).put("max_train_chars", maxTrainChars).put("partitions", partitions)
                    .put("threads_per_task", threadsPerTask).put("precision", precision.name().toLowerCase(Locale.ROOT))
                    .put("evaluate_every", evaluateEvery);
            root.putObject("output").put("dir", outputDir).put("mode", outputMode).put("checkpoint_every", checkpointEvery);
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
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

    /** {@link #readText(String, long, Configuration)} with the default Hadoop configuration. */
    public static String readText(String location, long maxChars) throws IOException {
        return readText(location, maxChars, new Configuration());
    }

    /**
     * Reads the text at a Hadoop path (strict UTF-8, plain or gzipped: {@link TextReader}), cut to
     * {@code maxChars} code points when > 0. A missing file or a directory is a data error naming it.
     */
    public static String readText(String location, long maxChars, Configuration hadoop) throws IOException {
        Path p = new Path(location);
        FileSystem fs;
        FileStatus st;
        try {
            fs = p.getFileSystem(hadoop);
            st = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            throw DataException.of(location, "file not found");
        } catch (IOException e) {
            throw DataException.of(location, "cannot open: " + e.getMessage());
        }
        if (st.isDirectory()) {
            throw DataException.of(location, "is a directory; data.train names one text file (plain or gzipped UTF-8)");
        }
        String text;
        try (InputStream in = fs.open(p)) {
            text = TextReader.read(in, location);
        }
        if (text.isEmpty()) {
            throw DataException.of(location, "holds no text");
        }
        if (maxChars > 0 && text.codePointCount(0, text.length()) > maxChars) {
            text = text.substring(0, text.offsetByCodePoints(0, (int) maxChars));
        }
        return text;
    }

    /** {@link #run(JavaSparkContext, Settings, boolean, PrintStream)} refusing any change of config on resume. */
    public static List<String> run(JavaSparkContext sc, Settings s, PrintStream log) throws IOException {
        return run(sc, s, false, log);
    }

    /**
     * Runs the whole training and returns the metrics lines; {@code sc} null computes in this
     * process (the reference) with the default Hadoop configuration, else on Spark with
     * {@code partitions} (0: the default parallelism) and Spark's Hadoop configuration.
     *
     * @param allowConfigChange resume even if settings that change the result differ from the checkpoint's
     */
    public static List<String> run(JavaSparkContext sc, Settings s, boolean allowConfigChange, PrintStream log)
            throws IOException {
        return run(sc, s, allowConfigChange, log, spec -> { });
    }

    /**
     * {@link #run(JavaSparkContext, Settings, boolean, PrintStream)} that first gives the network to
     * {@code checkNetwork}, which may throw to refuse it: the network is known only once the text has
     * fixed the vocabulary, and the check runs before anything is written.
     */
    public static List<String> run(JavaSparkContext sc, Settings s, boolean allowConfigChange, PrintStream log,
                                   Consumer<NetworkSpec> checkNetwork) throws IOException {
        return run(sc, sc == null ? new Configuration() : sc.hadoopConfiguration(), s, allowConfigChange, log,
                (report, state) -> { }, checkNetwork);
    }

    /**
     * @param observer sees each step and epoch end after the run has evaluated and checkpointed it: tests
     *                 stop a run there as a killed driver would, by throwing
     */
    static List<String> run(JavaSparkContext sc, Configuration hadoop, Settings s, boolean allowConfigChange,
                            PrintStream log, TrainingLoop.Listener observer) throws IOException {
        return run(sc, hadoop, s, allowConfigChange, log, observer, spec -> { });
    }

    private static List<String> run(JavaSparkContext sc, Configuration hadoop, Settings s, boolean allowConfigChange,
                                    PrintStream log, TrainingLoop.Listener observer, Consumer<NetworkSpec> checkNetwork)
            throws IOException {
        RunDirectory out = new RunDirectory(s.outputDir(), hadoop);
        CheckpointStore store = new CheckpointStore(out.fs(), out.path(), KEEP_CHECKPOINTS);
        RunDirectory.Start start = out.check(s.outputMode(), store);
        if (start == RunDirectory.Start.ALREADY_FINISHED) {
            log.printf("%s already holds a finished run; nothing to do%n", out.path());
            return MetricsLog.lines(out.fs(), out.path());
        }
        Checkpoint resumed = start == RunDirectory.Start.RESUME
                ? CharLmResume.checkConfig(store.latest(), s, allowConfigChange, out.path(), log) : null;
        MetricsMark mark = resumed == null ? null : resumed.metrics();
        List<String> keptMetrics = MetricsLog.kept(out.fs(), out.path(), mark);
        TextSplit split = split(readText(s.text(), s.maxChars(), hadoop), s);
        CharVocabulary vocab = split.vocabulary();
        NetworkSpec spec = network(s, vocab.size());
        checkNetwork.accept(spec);
        if (resumed != null) {
            CharLmResume.checkFits(resumed, s, split, previousVocabulary(out), spec, out.path());
        }
        // the first write: a bad config, output mode, checkpoint or text has failed above with the directory untouched
        out.prepare(start, s.outputMode());
        int partitions = s.partitions() > 0 ? s.partitions() : sc == null ? 1 : sc.defaultParallelism();
        writeStartFiles(out, sc, s, split, spec, partitions);
        int validationOnly = split.validationOnly().length;
        log.printf("text %s: %d training and %d validation characters, %d distinct%s; %s%n", s.text(),
                split.train().length, split.validation().length, vocab.size(),
                validationOnly > 0 ? " (" + validationOnly + " only in the validation span, never trained on)" : "",
                spec.toText().replace('\n', ' '));
        log.printf("output directory %s%n", out.fs().makeQualified(out.path()));
        TrainingState state = initialState(s, spec, resumed);
        // drops the lines a killed run wrote after its last checkpoint
        try (MetricsLog metrics = MetricsLog.open(out.fs(), out.path(), mark, keptMetrics);
             GradientSource source = source(sc, s, spec, split.train(), partitions)) {
            if (resumed != null && source instanceof StatefulGradientSource st) {
                st.restoreState(CharLmResume.streamState(resumed, st, log));
            }
            train(new Run(s, spec, split, store, source, metrics, log), state, observer);
            OutputFiles.write(out.fs(), out.file("model.bin"), o -> ModelFile.write(model(s, spec, state), o));
            metrics.finish();
        }
        out.markSuccess();
        return MetricsLog.lines(out.fs(), out.path());
    }

    /** What the training loop's listener needs. */
    private record Run(Settings s, NetworkSpec spec, TextSplit split, CheckpointStore store, GradientSource source,
                       MetricsLog metrics, PrintStream log) {
    }

    private static void train(Run run, TrainingState state, TrainingLoop.Listener observer) {
        Settings s = run.s();
        long charsPerStep = (long) s.batchSize() * s.window();
        long maxSteps = s.maxTrainChars() > 0 ? (s.maxTrainChars() + charsPerStep - 1) / charsPerStep : 0;
        TrainingLoop loop = new TrainingLoop(new TrainingLoop.Settings(s.epochs(), s.batchSize(), s.seed(), s.clipNorm(),
                maxSteps), run.source(), step -> s.optimizer().lr(), s.precision());
        // training time only (evaluation and checkpoints excluded), continued across a resume
        double[] trainSeconds = {lastTrainSeconds(run.metrics().last())};
        int stepsPerEpoch = loop.stepsPerEpoch();
        double[] epochLoss = new double[2];
        long[] chars = {state.globalStep * charsPerStep};
        try (Network eval = Network.create(run.spec(), Network.Options.of(s.precision(), 1), 0)) {
            Runnable score = () -> {
                run.metrics().append(evaluationLine(state.epoch, state, eval, run.split(), s, epochLoss, chars[0],
                        trainSeconds[0], run.log()));
            };
            TrainingLoop.Listener listener = new TrainingLoop.Listener() {
                @Override
                public void onStep(StepReport r, TrainingState st) {
                    trainSeconds[0] += r.stepNanos() / 1e9;
                    epochLoss[0] += r.loss();
                    epochLoss[1]++;
                    chars[0] += r.examples() * s.window();
                    // the epoch's end evaluates anyway
                    if (s.evaluateEvery() > 0 && st.globalStep % s.evaluateEvery() == 0 && st.stepInEpoch < stepsPerEpoch) {
                        score.run();
                    }
                    if (s.checkpointEvery() > 0 && st.globalStep % s.checkpointEvery() == 0) {
                        save(run, st);
                    }
                    observer.onStep(r, st);
                }

                @Override
                public boolean onEpochEnd(int epoch, TrainingState st) {
                    run.metrics().append(evaluationLine(epoch, st, eval, run.split(), s, epochLoss, chars[0], trainSeconds[0],
                            run.log()));
                    save(run, st);
                    return observer.onEpochEnd(epoch, st);
                }
            };
            loop.run(state, listener);
            if (state.stepInEpoch > 0) { // stopped by max_train_chars inside an epoch
                if (epochLoss[1] > 0) {
                    score.run();
                }
                save(run, state);
            }
        }
    }

    /** The files a run writes before training: the resolved config, what it runs on, and the vocabulary. */
    private static void writeStartFiles(RunDirectory out, JavaSparkContext sc, Settings s, TextSplit split,
                                        NetworkSpec spec, int partitions) throws IOException {
        OutputFiles.write(out.fs(), out.file("config.resolved.json"), s.resolved().getBytes(StandardCharsets.UTF_8));
        RunInfo info = new RunInfo(sc == null ? "none" : sc.version(), sc == null ? "in process (--local)" : sc.master(),
                Blas.implementationName(), Blas.openBlasThreads(), s.threadsPerTask(), partitions, s.seed(),
                split.train().length, split.validation().length, spec.paramCount(),
                s.precision().name().toLowerCase(Locale.ROOT), System.getProperty("java.version"));
        Map<String, Object> m = info.toMap();
        // characters, not examples: the windows an epoch holds depend on the mode
        m.remove("train_examples");
        m.remove("validation_examples");
        m.put("train_chars", split.train().length);
        m.put("validation_chars", split.validation().length);
        m.put("vocabulary", split.vocabulary().size());
        OutputFiles.write(out.fs(), out.file("run-info.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
        ObjectNode v = JSON.createObjectNode();
        ArrayNode cps = v.putArray("code_points");
        for (int cp : split.vocabulary().codePoints()) {
            cps.add(cp);
        }
        v.put("window", s.window());
        OutputFiles.write(out.fs(), out.file(VOCABULARY), JSON.writeValueAsBytes(v));
    }

    /** The code points of the directory's {@code vocabulary.json}, or null when it has none (a run of an older version). */
    private static int[] previousVocabulary(RunDirectory out) throws IOException {
        Path p = out.file(VOCABULARY);
        if (!out.fs().exists(p)) {
            return null;
        }
        JsonNode cps;
        try (InputStream in = out.fs().open(p)) {
            cps = JSON.readTree(in).path("code_points");
        } catch (JsonProcessingException e) {
            throw new ResumeRefusedException("refusing to resume " + out.path() + ": " + p + " is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ResumeRefusedException("refusing to resume " + out.path() + ": " + p + " cannot be read: "
                    + e.getMessage());
        }
        int[] v = new int[cps.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = cps.get(i).asInt();
        }
        return v;
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

    private static void save(Run run, TrainingState st) {
        double[] streams = run.source() instanceof StatefulGradientSource sgs ? sgs.state() : null;
        try {
            run.store().save(new Checkpoint(st.globalStep, st.epoch, st.stepInEpoch, Double.NaN, 0, -1, run.s().resolved(),
                    Blas.implementationName(), run.s().threadsPerTask(), Blas.openBlasThreads(), run.metrics().mark(),
                    model(run.s(), run.spec(), st), null, streams));
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

    /** The training time recorded in the last metrics line of a resumed run (0 for a new one: null). */
    static double lastTrainSeconds(String lastLine) {
        if (lastLine == null) {
            return 0;
        }
        try {
            return JSON.readTree(lastLine).path("train_seconds").asDouble(0);
        } catch (IOException e) {
            throw new UncheckedIOException("a checkpoint's metrics line is not JSON", e);
        }
    }

    /**
     * The text cut into training and validation spans, checked to hold at least one window per
     * stream (stateful) or one window (sliding) for training and one window for validation:
     * a too short text is a data error naming the file, before anything is written.
     */
    static TextSplit split(String text, Settings s) {
        long chars = text.codePointCount(0, text.length());
        TextSplit split = TextSplit.of(text, s.text(), s.validationFraction());
        long need = s.mode() == Mode.STATEFUL ? (long) s.batchSize() * s.window() + 1 : s.window() + 1;
        if (split.train().length < need) {
            throw DataException.of(s.text(), "the training span holds " + split.train().length + " characters (of "
                    + chars + ", less the validation_fraction " + s.validationFraction() + "), fewer than the " + need
                    + " that " + (s.mode() == Mode.STATEFUL ? s.batchSize() + " streams (training.batch_size) of one window"
                    : "one window") + " of " + s.window() + " characters and its next character need");
        }
        if (split.validation().length < s.window() + 1) {
            throw DataException.of(s.text(), "the validation span holds " + split.validation().length
                    + " characters, fewer than one window of " + s.window() + " and its next character; raise "
                    + "sequence.validation_fraction or use a longer text");
        }
        return split;
    }

    private static GradientSource source(JavaSparkContext sc, Settings s, NetworkSpec spec, int[] train, int partitions) {
        if (s.mode() == Mode.STATEFUL) {
            List<Streams> parts = Streams.of(train, s.batchSize(), s.window()).split(partitions);
            return sc == null ? StatefulGradientSource.inProcess(parts, spec, s.precision(), s.threadsPerTask())
                    : SparkStatefulGradientSource.spark(sc, parts, spec, s.precision(), s.threadsPerTask());
        }
        ExampleBlock all = SlidingWindows.block(train, s.window(), s.stride());
        List<ExampleBlock> blocks = ExampleBlock.split(all, ExampleBlock.evenSizes(all.n, partitions));
        if (sc == null) {
            return new InProcessGradientSource(blocks, spec, s.precision(), s.threadsPerTask());
        }
        return new SparkGradientSource(sc, TrainingData.cache(sc, blocks, StorageLevel.MEMORY_ONLY()), all.n, spec,
                s.precision(), s.threadsPerTask());
    }
}
