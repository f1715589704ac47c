package io.sparknn.trainer.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.checkpoint.MetricsLog;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.run.Compute;
import io.sparknn.trainer.run.TrainingRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * One fit: the stage's params as the train job's config ({@link FitConfig}), the rows checked
 * ({@link RowCheck}), then the train job's own {@link TrainingRun} on them. The run reads the rows
 * through a global temporary view (the job's {@code table} format), which numbers them in the
 * frame's order and blocks, holds out and shards them as the job does, so the model is the job's
 * bit for bit on the same rows, config and partitioning. The run writes to the checkpoint
 * directory's new subdirectory, or to a local temporary directory deleted afterwards.
 */
final class FitRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FitRun() {}

    static TrainedNetwork fit(
            NeuralNetParams<?> p, Dataset<?> data, String featuresCol, String labelCol, FitConfig.Task task) {
        SparkSession spark = data.sparkSession();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String view = "sparknn_fit_" + UUID.randomUUID().toString().replace("-", "");
        String table = spark.conf().get("spark.sql.globalTempDatabase", "global_temp") + "." + view;
        java.nio.file.Path temp = null;
        try {
            String dir;
            if (p.isDefined(p.checkpointDir())) {
                dir = new Path(
                                p.getCheckpointDir(),
                                p.uid() + "-" + System.currentTimeMillis() + "-" + view.substring(view.length() - 8))
                        .toString();
            } else {
                temp = Files.createTempDirectory("sparknn-fit-");
                dir = temp.resolve("run").toUri().toString();
            }
            JobConfig cfg = FitConfig.of(p, featuresCol, labelCol, task, table, dir);
            int classes =
                    task == FitConfig.Task.SOFTMAX ? cfg.network().output().last() : 0;
            new RowCheck(featuresCol, labelCol, cfg.network().input().size(), task, classes).check(data);
            data.select(featuresCol, labelCol).createOrReplaceGlobalTempView(view);
            Recorder recorder = new Recorder(p.getPatience() > 0);
            TrainingRun.Outcome outcome = new TrainingRun(Compute.spark(sc), cfg, false)
                    .observedBy(recorder)
                    .run();
            FileSystem fs = new Path(dir).getFileSystem(sc.hadoopConfiguration());
            Model model;
            Path modelFile = new Path(dir, "model.bin");
            try (InputStream in = fs.open(modelFile)) {
                model = ModelFile.read(in, modelFile.toString());
            }
            return new TrainedNetwork(model, recorder.summary(fs, new Path(dir), outcome.evaluation()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            spark.catalog().dropGlobalTempView(view);
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    private static void deleteQuietly(java.nio.file.Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is no reason to fail a finished fit
        }
    }

    /** The loss of every step and the best epoch, as the loop reports them. */
    private static final class Recorder implements TrainingLoop.Listener {
        private final List<Double> losses = new ArrayList<>();
        private final boolean earlyStopping;
        private int bestEpoch = -1;

        Recorder(boolean earlyStopping) {
            this.earlyStopping = earlyStopping;
        }

        private long steps;

        @Override
        public void onStep(StepReport report, TrainingState state) {
            losses.add(report.loss());
            steps = state.globalStep;
        }

        @Override
        public boolean onEpochEnd(int epoch, TrainingState state) {
            bestEpoch = state.bestEpoch;
            return true;
        }

        /** The summary, with the validation scores of each epoch read from the run's metrics log. */
        NeuralNetSummary summary(FileSystem fs, Path run, Metrics evaluation) throws IOException {
            List<Double> loss = new ArrayList<>();
            List<Double> accuracy = new ArrayList<>();
            Path log = new Path(run, MetricsLog.FILE);
            if (fs.exists(log)) {
                String text;
                try (InputStream in = fs.open(log)) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                for (String line : text.split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = JSON.readTree(line);
                    if ("epoch".equals(n.path("type").asText())) {
                        loss.add(n.path("loss").asDouble(Double.NaN));
                        accuracy.add(n.has("accuracy") ? n.get("accuracy").asDouble() : Double.NaN);
                    }
                }
            }
            return new NeuralNetSummary(
                    losses.stream().mapToDouble(Double::doubleValue).toArray(),
                    loss.stream().mapToDouble(Double::doubleValue).toArray(),
                    accuracy.stream().mapToDouble(Double::doubleValue).toArray(),
                    earlyStopping && bestEpoch >= 0 ? bestEpoch + 1 : 0,
                    steps,
                    evaluation == null ? Double.NaN : evaluation.loss(),
                    evaluation == null || !evaluation.hasAccuracy() ? Double.NaN : evaluation.accuracy());
        }
    }
}
