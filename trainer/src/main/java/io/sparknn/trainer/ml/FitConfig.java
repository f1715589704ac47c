package io.sparknn.trainer.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.SparknnException;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;

/**
 * An estimator's params as the train job's config: a table (the rows handed to {@code fit}, under
 * a temporary view name) read without scaling, the params' network, optimizer and schedule objects
 * as written, and the training and output keys from the other params; read by {@link ConfigReader}
 * like a file, so every check and error (named by its job-config key) is the job's.
 */
final class FitConfig {
    /**
     * What a stage fits: classes from a softmax (labels read as class indices), one class from a
     * logit (labels read as float targets 0 and 1), or a value (float targets).
     */
    enum Task {
        SOFTMAX("int"),
        BINARY("float"),
        REGRESSION("float");

        final String labels;

        Task(String labels) {
            this.labels = labels;
        }
    }

    private FitConfig() {}

    /** The loss of the stage's network, read on its own (the config's errors if it is not valid). */
    static LossKind loss(NeuralNetParams<?> p) {
        JsonNode n = network(p).get("loss");
        if (n == null) {
            return LossKind.SOFTMAX_CROSS_ENTROPY;
        }
        try {
            return LossKind.parse(p.uid() + ": key 'network.loss'", n.asText());
        } catch (SparknnException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The job config of a fit of stage {@code p} on table {@code table}; an {@link
     * IllegalArgumentException} carrying the config reader's message when a param does not fit.
     */
    static JobConfig of(
            NeuralNetParams<?> p, String featuresCol, String labelCol, Task task, String table, String runDir) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ObjectNode data = root.putObject("data");
        data.put("format", "table");
        data.put("train", table);
        data.put("features_column", featuresCol);
        data.put("label_column_name", labelCol);
        data.put("labels", task.labels);
        data.put("validation_fraction", p.getValidationFraction());
        data.put("scaling", "none");
        root.set("network", network(p));
        ObjectNode optimizer = (ObjectNode) TrainingParams.object("optimizer", p.getOptimizer());
        if (p.isDefined(p.lr())) {
            optimizer.put("lr", p.getLr());
        }
        root.set("optimizer", optimizer);
        root.set("schedule", TrainingParams.object("schedule", p.getSchedule()));
        ObjectNode training = root.putObject("training");
        training.put("batch_size", p.getBatchSize());
        training.put("epochs", p.getEpochs());
        training.put("seed", p.getSeed());
        training.put("partitions", p.getPartitions());
        training.put("aggregation", p.getAggregation());
        training.put("patience", p.getPatience());
        training.put("metric", task == Task.REGRESSION ? "loss" : p.getEarlyStoppingMetric());
        ObjectNode output = root.putObject("output");
        output.put("dir", runDir);
        output.put("mode", "new");
        try {
            return ConfigReader.parse(p.uid(), root.toString());
        } catch (SparknnException e) {
            if (e.kind() != SparknnException.Kind.BAD_CONFIG) {
                throw e;
            }
            // a ConfigException, or a layer's SpecException: the job's exit 3, a refused param here
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static ObjectNode network(NeuralNetParams<?> p) {
        if (!p.isDefined(p.network())) {
            throw new IllegalArgumentException(p.uid() + ": param network is not set: give the network as JSON, "
                    + "the job config's 'network' object ({\"input\": [4], \"layers\": [...], \"loss\": ...})");
        }
        return (ObjectNode) TrainingParams.object("network", p.getNetwork());
    }
}
