package io.sparknn.trainer.ml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import scala.Function1;

/**
 * The training params of a neural-network estimator, made for one owner (their parent is its uid),
 * with MLlib's validators and the train job's defaults but for {@code validationFraction} (0: an
 * MLlib estimator trains on every row it is given unless told otherwise). {@link NeuralNetParams}
 * hands them out under their names; {@link FitConfig} turns their values into a job config. The
 * network, optimizer and schedule are JSON objects in the job config's schema (persisted as that
 * text), checked whole by the config reader when the stage's schema is checked.
 */
public final class TrainingParams implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Refuses a key given twice, as the job config does. */
    static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    final Param<String> network;
    final Param<String> optimizer;
    final DoubleParam lr;
    final Param<String> schedule;
    final IntParam batchSize;
    final IntParam epochs;
    final LongParam seed;
    final IntParam partitions;
    final Param<String> aggregation;
    final IntParam patience;
    final Param<String> earlyStoppingMetric;
    final DoubleParam validationFraction;
    final Param<String> checkpointDir;

    TrainingParams(Params owner) {
        String uid = owner.uid();
        network = new Param<>(
                uid,
                "network",
                "the network as JSON, the job config's 'network' object: {\"input\": [n], \"layers\": [...], "
                        + "\"loss\": ...}",
                jsonObject());
        optimizer = new Param<>(
                uid,
                "optimizer",
                "the optimizer as JSON, the job config's 'optimizer' object (\"type\" and its own keys)",
                jsonObject());
        lr = new DoubleParam(
                uid, "lr", "learning rate; when set, replaces the optimizer JSON's 'lr'", ParamValidators.gtEq(0));
        schedule = new Param<>(
                uid,
                "schedule",
                "the learning-rate schedule as JSON, the job config's 'schedule' object",
                jsonObject());
        batchSize = new IntParam(
                uid, "batchSize", "examples per step, over all partitions (>= 1)", ParamValidators.gtEq(1));
        epochs = new IntParam(uid, "epochs", "passes over the training rows (>= 1)", ParamValidators.gtEq(1));
        seed = new LongParam(uid, "seed", "initialisation, epoch order, dropout and the held-out rows");
        partitions = new IntParam(
                uid,
                "partitions",
                "partitions the training rows are laid out in; 0 = Spark's default parallelism",
                ParamValidators.gtEq(0));
        aggregation = new Param<>(
                uid,
                "aggregation",
                "how the partitions' gradients reach the driver: auto, depth_1, depth_2 or reduce_scatter",
                ParamValidators.inArray(new String[] {"auto", "depth_1", "depth_2", "reduce_scatter"}));
        patience = new IntParam(
                uid,
                "patience",
                "early stopping: epochs without a better validation metric before training stops, the best "
                        + "epoch's weights kept; 0 = off (needs validationFraction > 0)",
                ParamValidators.gtEq(0));
        earlyStoppingMetric = new Param<>(
                uid,
                "earlyStoppingMetric",
                "the validation metric early stopping watches: accuracy or loss (regression: loss)",
                ParamValidators.inArray(new String[] {"accuracy", "loss"}));
        validationFraction = new DoubleParam(
                uid,
                "validationFraction",
                "share of the rows held out (picked by id with the seed) for validation metrics and early stopping, "
                        + "in [0, 0.9]",
                ParamValidators.inRange(0, 0.9));
        checkpointDir = new Param<>(
                uid,
                "checkpointDir",
                "a Hadoop directory each fit keeps its run in (checkpoints, metrics.jsonl, report.html), in a "
                        + "new subdirectory; unset: a temporary local directory, deleted after the fit",
                nonEmpty());
    }

    /** MLlib's defaults are set by the owner; these are the train job's. */
    void setDefaults(Params owner) {
        owner.setDefault(optimizer, "{\"type\": \"adam\"}");
        owner.setDefault(schedule, "{\"type\": \"constant\"}");
        owner.setDefault(batchSize, 64);
        owner.setDefault(epochs, 10);
        owner.setDefault(seed, 42L);
        owner.setDefault(partitions, 0);
        owner.setDefault(aggregation, "auto");
        owner.setDefault(patience, 0);
        owner.setDefault(earlyStoppingMetric, "accuracy");
        owner.setDefault(validationFraction, 0.0);
    }

    /** Whether {@code text} is one JSON object (its keys are checked by the config reader). */
    static JsonNode object(String name, String text) {
        JsonNode n;
        try {
            n = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "param " + name + " is not JSON: " + e.getOriginalMessage() + " (" + text + ")", e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("param " + name + " must be a JSON object, got " + text);
        }
        return n;
    }

    private static Function1<String, Object> jsonObject() {
        return (Function1<String, Object> & Serializable) text -> {
            try {
                JsonNode n = STRICT.readTree(text);
                return n != null && n.isObject();
            } catch (JsonProcessingException e) {
                return false;
            }
        };
    }

    private static Function1<String, Object> nonEmpty() {
        return (Function1<String, Object> & Serializable) text -> text != null && !text.isBlank();
    }
}
