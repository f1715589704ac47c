package io.sparknn.trainer.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.Network;
import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.InProcessGradientSource;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.Streams;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.OutputFiles;
import io.sparknn.trainer.checkpoint.RunDirectory;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.config.SequenceMode;
import io.sparknn.trainer.config.TextData;
import io.sparknn.trainer.data.DistributedDataset;
import io.sparknn.trainer.data.DistributedText;
import io.sparknn.trainer.data.TextReader;
import io.sparknn.trainer.sequence.BitsPerCharacter;
import io.sparknn.trainer.sequence.CharVocabulary;
import io.sparknn.trainer.sequence.SlidingWindows;
import io.sparknn.trainer.sequence.TextSplit;
import io.sparknn.trainer.spark.SparkGradientSource;
import io.sparknn.trainer.spark.SparkStatefulGradientSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.storage.StorageLevel;

/**
 * A character language model ({@code data.format: text}): the text (strict UTF-8, plain or
 * gzipped, one file or a directory's files in name order, any Hadoop path) is read in Spark's tasks
 * ({@link DistributedText}; on this machine in process), its last {@code validation_fraction} of
 * characters held out (the vocabulary takes the characters of both parts: {@link TextSplit}), and
 * trained with sliding windows (shuffled, zero state) or stateful truncated BPTT (stream-ordered,
 * state carried between steps and saved in checkpoints). Scores are validation bits per character
 * ({@link BitsPerCharacter}: one stateful pass, the same for both modes) with the training bits per
 * character averaged over the steps since the previous score; the run writes
 * {@code vocabulary.json} (the code points by id, and the window) at its start.
 *
 * <p>Resuming, the text must have the run's character set: its ids would otherwise mean other
 * characters, whatever {@code --allow-config-change} says.
 */
final class TextTask implements RunTask {
    static final String VOCABULARY = "vocabulary.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Compute compute;
    private final JobConfig cfg;
    private final TextData text;
    private final Spans spans;
    private final int partitions;
    /** The network that scores the validation text, made at the first score. */
    private Network eval;
    /** Training loss summed since the previous score, and its step count. */
    private double lossSinceScore;

    private long stepsSinceScore;
    private long chars;
    /** Training time only (not evaluation or checkpoints), continued across a resume. */
    private double trainSeconds;

    /**
     * What the run knows of its text: the vocabulary, the training span's length, the held-out
     * tail's ids (scored on the driver) and the code points only the tail holds.
     */
    private record ReadText(CharVocabulary vocabulary, long trainChars, int[] validation, int[] validationOnly) {}

    /**
     * The text read, with its training span held one of three ways: as ids (in process), or as
     * windows or streams cut and cached on the executors (Spark); the other two null.
     */
    private record Spans(
            ReadText read, int[] train, DistributedDataset.Partitioned windows, DistributedText.StreamParts streams) {
        void unpersist() {
            if (windows != null) {
                windows.rdd().unpersist(false);
            }
            if (streams != null) {
                streams.rdd().unpersist(false);
            }
        }
    }

    private TextTask(Compute compute, JobConfig cfg, Spans spans, int partitions) {
        this.compute = compute;
        this.cfg = cfg;
        this.text = cfg.text();
        this.spans = spans;
        this.partitions = partitions;
    }

    /**
     * Reads the text (on Spark: in tasks, {@link DistributedText}, the driver seeing each file's
     * summary and the held-out tail only; in process: on this machine), checks its spans and, when
     * resuming, its character set, and cuts the training windows or streams. Nothing stays cached
     * when it fails.
     */
    static TextTask open(Compute compute, JobConfig cfg, Checkpoint resumed, RunDirectory out) throws IOException {
        TextData t = cfg.text();
        int partitions = compute.partitions(cfg.training().partitions());
        Spans spans;
        if (compute.onSpark()) {
            spans = distributed(compute, cfg, resumed != null ? out : null, partitions);
        } else {
            TextSplit split = TextChecks.split(TextReader.readFile(t.train(), t.maxChars(), compute.hadoop()), cfg);
            ReadText read =
                    new ReadText(split.vocabulary(), split.train().length, split.validation(), split.validationOnly());
            if (resumed != null) {
                TextChecks.vocabulary(out, t, read.vocabulary(), read.validationOnly());
            }
            spans = new Spans(read, split.train(), null, null);
        }
        return new TextTask(
                compute, cfg.withVocabulary(spans.read().vocabulary().size()), spans, partitions);
    }

    /**
     * The text read and cut on the executors: the same vocabulary, spans, windows and streams as a
     * read on the driver ({@link #split}) gives, bit for bit.
     *
     * @param resumedFrom the run directory whose vocabulary the text must have, or null
     */
    private static Spans distributed(Compute compute, JobConfig cfg, RunDirectory resumedFrom, int partitions)
            throws IOException {
        TextData t = cfg.text();
        StorageLevel level = StorageLevel.MEMORY_AND_DISK();
        try (DistributedText read = DistributedText.read(compute.sc(), t.train(), t.maxChars(), level)) {
            long total = read.length();
            long held = TextSplit.heldOut(total, t.validationFraction());
            long trainChars = total - held;
            TextChecks.spans(cfg, total, trainChars, held);
            CharVocabulary vocabulary = CharVocabulary.ofCodePoints(read.codePoints());
            int[] validation = read.ids(trainChars, total);
            int[] trained = read.charset(0, trainChars);
            boolean[] inTail = new boolean[vocabulary.size()];
            for (int id : validation) {
                inTail[id] = true;
            }
            for (int cp : trained) {
                inTail[vocabulary.id(cp)] = false;
            }
            int[] validationOnly = java.util.stream.IntStream.range(0, inTail.length)
                    .filter(id -> inTail[id])
                    .map(vocabulary::codePoint)
                    .toArray();
            if (resumedFrom != null) {
                TextChecks.vocabulary(resumedFrom, t, vocabulary, validationOnly);
            }
            ReadText text = new ReadText(vocabulary, trainChars, validation, validationOnly);
            return t.mode() == SequenceMode.STATEFUL
                    ? new Spans(
                            text,
                            null,
                            null,
                            read.streams(trainChars, cfg.training().batchSize(), t.window(), partitions, level))
                    : new Spans(text, null, read.windows(trainChars, t.window(), t.stride(), partitions, level), null);
        }
    }

    @Override
    public JobConfig config() {
        return cfg;
    }

    @Override
    public int partitions() {
        return partitions;
    }

    /** Characters, not examples: the windows an epoch holds depend on the mode. */
    @Override
    public Map<String, Object> runInfo(Map<String, Object> common) {
        common.remove("train_examples");
        common.remove("validation_examples");
        common.put("train_chars", spans.read().trainChars());
        common.put("validation_chars", spans.read().validation().length);
        common.put("vocabulary", spans.read().vocabulary().size());
        return common;
    }

    @Override
    public void writeStartFiles(RunDirectory out) throws IOException {
        ObjectNode v = JSON.createObjectNode();
        ArrayNode cps = v.putArray("code_points");
        for (int cp : spans.read().vocabulary().codePoints()) {
            cps.add(cp);
        }
        v.put("window", text.window());
        OutputFiles.write(out.fs(), out.file(VOCABULARY), JSON.writeValueAsBytes(v));
    }

    @Override
    public String describe() {
        int validationOnly = spans.read().validationOnly().length;
        return "text " + text.train() + ": " + spans.read().trainChars() + " training and "
                + spans.read().validation().length
                + " validation characters, " + spans.read().vocabulary().size() + " distinct"
                + (validationOnly > 0 ? " (" + validationOnly + " only in the validation span, never trained on)" : "")
                + ", " + text.mode().text() + " windows of " + text.window() + " in " + partitions + " partitions\n"
                + cfg.network().summary();
    }

    @Override
    public GradientSource source(int threads) {
        if (spans.streams() != null) {
            return SparkStatefulGradientSource.spark(
                    compute.sc(), spans.streams(), cfg.network(), cfg.precision(), threads);
        }
        if (spans.windows() != null) {
            return new SparkGradientSource(
                            compute.sc(),
                            spans.windows().rdd(),
                            spans.windows().n(),
                            cfg.network(),
                            cfg.precision(),
                            threads)
                    .withAggregation(cfg.training().aggregation())
                    .withGradientWire(cfg.training().gradientWire());
        }
        int[] train = spans.train();
        if (text.mode() == SequenceMode.STATEFUL) {
            List<Streams> parts =
                    Streams.of(train, cfg.training().batchSize(), text.window()).split(partitions);
            return StatefulGradientSource.inProcess(parts, cfg.network(), cfg.precision(), threads);
        }
        ExampleBlock all = SlidingWindows.block(train, text.window(), text.stride());
        List<ExampleBlock> blocks = ExampleBlock.split(all, ExampleBlock.evenSizes(all.n, partitions));
        return new InProcessGradientSource(blocks, cfg.network(), cfg.precision(), threads);
    }

    @Override
    public Preprocessing preprocessing() {
        return null;
    }

    @Override
    public void start(TrainingState state, List<String> keptMetrics) {
        chars = state.globalStep * cfg.training().batchSize() * text.window();
        trainSeconds = lastTrainSeconds(keptMetrics);
    }

    /**
     * The training time the last of a resumed run's kept metrics lines that carries one records (0
     * for a new run): a score's, or a step line's (step lines carry it too since the run report).
     */
    static double lastTrainSeconds(List<String> keptMetrics) {
        for (int i = keptMetrics.size() - 1; i >= 0; i--) {
            try {
                JsonNode seconds = JSON.readTree(keptMetrics.get(i)).get("train_seconds");
                if (seconds != null) {
                    return seconds.asDouble();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("line " + (i + 1) + " of the kept metrics is not JSON", e);
            }
        }
        return 0;
    }

    @Override
    public void onStep(StepReport r) {
        trainSeconds += r.stepNanos() / 1e9;
        lossSinceScore += r.loss();
        stepsSinceScore++;
        chars += (long) r.examples() * text.window();
    }

    /**
     * Validation bits per character now, and the training bits per character averaged over the
     * steps since the previous score. {@code train_seconds} counts training steps only, so runs
     * can be compared at equal training time.
     */
    @Override
    public Score score(int epoch, TrainingState st, Model current, boolean epochEnd) {
        if (eval == null) {
            eval = Network.create(cfg.network(), Network.Options.of(cfg.precision(), 1), 0);
        }
        eval.setParameters(current.parameters());
        BitsPerCharacter.Score score = BitsPerCharacter.score(eval, spans.read().validation(), text.window());
        ObjectNode m = JSON.createObjectNode();
        m.put("epoch", epoch + 1);
        m.put("steps", st.globalStep);
        m.put("train_chars", chars);
        if (stepsSinceScore > 0) {
            m.put("train_bpc", lossSinceScore / stepsSinceScore / Math.log(2));
        } else {
            m.putNull("train_bpc"); // no step since the previous score
        }
        m.put("validation_bpc", score.bitsPerCharacter());
        m.put("validation_chars", score.characters());
        m.put("train_seconds", Math.round(trainSeconds * 1e6) / 1e6);
        lossSinceScore = 0;
        stepsSinceScore = 0;
        return new Score(m, m.toString(), score.bitsPerCharacter(), Double.NaN);
    }

    @Override
    public boolean scores() {
        return true;
    }

    @Override
    public Score scoreOfLastSteps(TrainingState state, Model current) {
        return state.stepInEpoch > 0 && stepsSinceScore > 0 ? score(state.epoch, state, current, false) : null;
    }

    @Override
    public Metrics finalEvaluation(Model handedOver) {
        return null;
    }

    @Override
    public void close() {
        if (eval != null) {
            eval.close();
        }
        spans.unpersist();
    }
}
