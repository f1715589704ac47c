package io.sparknn.trainer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.eval.EvaluationSums;
import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.engine.train.Weights;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.RunDirectory;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.config.TableData;
import io.sparknn.trainer.data.DataException;
import io.sparknn.trainer.data.DistributedDataset;
import io.sparknn.trainer.data.Holdout;
import io.sparknn.trainer.data.PartsLayout;
import io.sparknn.trainer.data.RowSelection;
import io.sparknn.trainer.eval.SparkEvaluation;
import io.sparknn.trainer.spark.SingleExampleShards;
import io.sparknn.trainer.spark.SparkGradientSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Classification or regression on a table of examples: the rows are read and checked on the
 * executors, the scaling is fitted on the training rows (or taken from the checkpoint when
 * resuming), the held-out rows (the test set, or {@code validation_fraction} of the training rows)
 * are cut, and both sets are cached in partitions. Scores are the held-out loss and, for classes,
 * the accuracy, computed on Spark.
 */
final class TableTask implements RunTask {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JavaSparkContext sc;
    private final JobConfig cfg;
    private final Preprocessing pre;
    private final List<String> labelNames;
    private final DistributedDataset.Partitioned train;
    private final DistributedDataset.Partitioned valid;

    private TableTask(
            JavaSparkContext sc,
            JobConfig cfg,
            Preprocessing pre,
            List<String> labelNames,
            DistributedDataset.Partitioned train,
            DistributedDataset.Partitioned valid) {
        this.sc = sc;
        this.cfg = cfg;
        this.pre = pre;
        this.labelNames = labelNames;
        this.train = train;
        this.valid = valid;
    }

    /**
     * Reads and checks the data on the executors, fits the scaling (unless resuming with the
     * checkpoint's), cuts the held-out examples and caches both sets in partitions; the parsed rows
     * are dropped before it returns, and nothing stays cached when it fails. A batch-norm shard of
     * one example at any step is refused here, before the run writes.
     */
    static TableTask open(Compute compute, JobConfig cfg, Checkpoint resumed) {
        JavaSparkContext sc = compute.sc();
        TableData data = cfg.table();
        int width = cfg.network().input().size();
        int classes =
                cfg.network().loss().classification() ? cfg.network().output().last() : 0;
        StorageLevel level = StorageLevel.fromString(data.storageLevel().name());
        DistributedDataset trainSet = null;
        DistributedDataset testSet = null;
        DistributedDataset.Partitioned trainData = null;
        DistributedDataset.Partitioned validData = null;
        try {
            trainSet = DistributedDataset.read(sc, data, data.train(), data.trainLabels(), null, width, classes, level);
            checkFits(cfg, trainSet.layout());
            if (data.test() != null) {
                testSet = DistributedDataset.read(
                        sc,
                        data,
                        data.test(),
                        data.testLabels(),
                        trainSet.layout().labelNames(),
                        width,
                        classes,
                        level);
                checkFits(cfg, testSet.layout());
            }
            Holdout holdout = new Holdout(
                    trainSet.layout().n(),
                    testSet == null ? data.validationFraction() : 0,
                    cfg.training().seed());
            if (holdout.heldOut() >= trainSet.layout().n()) {
                throw DataException.of(
                        trainSet.layout().source(),
                        "all " + trainSet.layout().n() + " examples would be "
                                + "held out for validation (data.validation_fraction " + data.validationFraction()
                                + "): none would be left to train on");
            }
            Preprocessing pre = resumed != null
                    ? resumed.model().preprocessing()
                    : trainSet.fitScaling(
                            holdout.training(),
                            data.scaling(),
                            data.divisor(),
                            trainSet.layout().labelNames());
            int partitions = compute.partitions(cfg.training().partitions());
            trainData = trainSet.partition(holdout.training(), pre, partitions, true, level);
            validData = testSet != null
                    ? testSet.partition(RowSelection.ALL, pre, partitions, false, level)
                    : holdout.heldOut() > 0
                            ? trainSet.partition(holdout.validation(), pre, partitions, false, level)
                            : null;
            SingleExampleShards.check(trainData.rdd(), trainData.n(), cfg.network(), cfg.training());
            return new TableTask(sc, cfg, pre, trainSet.layout().labelNames(), trainData, validData);
        } catch (RuntimeException | Error e) {
            unpersist(trainData, validData);
            throw e;
        } finally {
            for (DistributedDataset d : new DistributedDataset[] {trainSet, testSet}) {
                if (d != null) {
                    d.close();
                }
            }
        }
    }

    /** The data's width and labels fit the network, or an error naming the file. */
    private static void checkFits(JobConfig cfg, PartsLayout d) {
        int width = cfg.network().input().size();
        if (d.width() != width) {
            throw DataException.of(
                    d.source(),
                    "examples have " + d.width() + " features, but the network takes " + width
                            + (cfg.network().input().rank() > 1
                                    ? " (input " + cfg.network().input() + ")"
                                    : ""));
        }
        int outputs = cfg.network().output().last();
        if (cfg.network().loss().classification() && d.classes() > outputs) {
            throw DataException.of(
                    d.source(),
                    "the data has " + d.classes() + " classes"
                            + (d.labelNames().isEmpty() ? "" : " " + d.labelNames()) + ", but the network's output has "
                            + outputs
                            + " (layer " + cfg.network().layers().size() + ")");
        }
    }

    private static void unpersist(DistributedDataset.Partitioned... sets) {
        for (DistributedDataset.Partitioned d : sets) {
            if (d != null) {
                d.rdd().unpersist(false);
            }
        }
    }

    @Override
    public JobConfig config() {
        return cfg;
    }

    @Override
    public int partitions() {
        return train.rdd().getNumPartitions();
    }

    @Override
    public Map<String, Object> runInfo(Map<String, Object> common) {
        common.put("train_examples", train.n());
        common.put("validation_examples", valid == null ? 0 : valid.n());
        return common;
    }

    @Override
    public void writeStartFiles(RunDirectory out) {}

    @Override
    public String describe() {
        return "training " + train.n() + " examples (" + (valid == null ? 0 : valid.n()) + " held out) in "
                + partitions() + " partitions\n" + cfg.network().summary();
    }

    @Override
    public GradientSource source(int threadsPerTask) {
        return new SparkGradientSource(sc, train.rdd(), train.n(), cfg.network(), cfg.precision(), threadsPerTask)
                .withAggregation(cfg.training().aggregation())
                .withGradientWire(cfg.training().gradientWire());
    }

    @Override
    public Preprocessing preprocessing() {
        return pre;
    }

    @Override
    public void start(TrainingState state, List<String> keptMetrics) {}

    @Override
    public void onStep(StepReport r) {}

    @Override
    public Score score(int epoch, TrainingState s, Model current, boolean epochEnd) {
        if (valid == null) {
            return null;
        }
        Metrics m = evaluate(
                valid.rdd(),
                current,
                (epochEnd ? "evaluate epoch " : "evaluate at step ") + (epochEnd ? epoch + 1 : s.globalStep));
        ObjectNode n = JSON.createObjectNode();
        n.put("type", epochEnd ? "epoch" : "evaluation");
        n.put("epoch", epoch + 1);
        n.put("step", s.globalStep);
        for (Map.Entry<String, Object> e : m.summary().entrySet()) {
            n.putPOJO(e.getKey(), e.getValue());
        }
        String summary = String.format(
                Locale.ROOT,
                "%s: validation loss %.4f%s",
                epochEnd ? "epoch " + (epoch + 1) : "step " + s.globalStep,
                m.loss(),
                m.hasAccuracy() ? String.format(Locale.ROOT, ", accuracy %.4f", m.accuracy()) : "");
        return new Score(n, summary, m.loss(), m.hasAccuracy() ? m.accuracy() : Double.NaN);
    }

    @Override
    public boolean scores() {
        return valid != null;
    }

    @Override
    public Score scoreOfLastSteps(TrainingState state, Model current) {
        return null; // the final evaluation scores the model handed over
    }

    @Override
    public Metrics finalEvaluation(Model handedOver) {
        return valid == null ? null : evaluate(valid.rdd(), handedOver, "final evaluation");
    }

    private Metrics evaluate(JavaRDD<ExampleBlock> data, Model m, String description) {
        EvaluationSums sums = SparkEvaluation.evaluate(sc, data, Weights.of(m), description);
        return new Metrics(sums, labelNames);
    }

    @Override
    public void close() {
        unpersist(train, valid);
    }
}
