package io.sparknn.trainer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.layer.BatchNormSpec;
import io.sparknn.engine.layer.DropoutSpec;
import io.sparknn.engine.layer.LayerFitException;
import io.sparknn.engine.layer.LayerSpec;
import io.sparknn.engine.layer.LayerSpecs;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.HessianFreeSpec;
import io.sparknn.engine.optim.KfacSpec;
import io.sparknn.engine.optim.LbfgsSpec;
import io.sparknn.engine.optim.LrSchedule;
import io.sparknn.engine.optim.LrSchedules;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerSpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a JSON job config strictly: unknown keys, wrong types and out-of-range values are errors naming the key. */
public final class ConfigReader {
    /** Writes the resolved config; {@link ConfigNode#parse} reads. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigReader() {}

    /** Parses {@code text}, read from {@code source} (named in every error). */
    public static JobConfig parse(String source, String text) {
        ConfigNode top = ConfigNode.parse(source, text);
        EarlierCharLmConfig.refuse(top);
        DataSource data = DataSourceConfig.read(top.object("data"));
        ConfigNode net = top.object("network");
        Precision precision =
                net.choice("precision", Precision.FLOAT32, p -> p.name().toLowerCase(Locale.ROOT), Precision.values());
        TextData textData = data instanceof TextData td ? td : null;
        NetworkSpec network = textData != null ? null : network(net);
        TextNetwork textNetwork = textData != null ? TextNetwork.read(net, textData.window()) : null;
        OptimizerSpec optimizer = optimizer(top.objectOrEmpty("optimizer"));
        LrSchedule schedule = schedule(top.objectOrEmpty("schedule"));
        ConfigNode trainingNode = top.object("training");
        TrainingConfig training = training(trainingNode, schedule);
        OutputConfig output = output(top.object("output"));
        top.finish();
        if (textData != null
                && textData.mode() == SequenceMode.STATEFUL
                && training.aggregation() != AggregationMode.AUTO
                && training.aggregation() != AggregationMode.DEPTH_1) {
            String key = trainingNode.has("aggregation") ? "aggregation" : "aggregation_depth";
            throw trainingNode.error(
                    key,
                    "must be " + (key.equals("aggregation") ? "auto or depth_1" : "1")
                            + " with data.mode stateful (the streams' state goes to the driver with each partition's "
                            + "gradient), got "
                            + (key.equals("aggregation")
                                    ? training.aggregation().text()
                                    : String.valueOf(training.aggregationDepth())));
        }
        if (textData != null
                && textData.mode() == SequenceMode.STATEFUL
                && training.gradientWire() != GradientWire.FLOAT32) {
            throw trainingNode.error(
                    "gradient_wire",
                    "must be float32 with data.mode stateful (the streams' gradients go to the driver in the "
                            + "network's precision), got "
                            + training.gradientWire().text());
        }
        if (data instanceof TableData table) {
            checkLabelsFitLoss(source, table, network);
        }
        if (optimizer instanceof LbfgsSpec) {
            checkLbfgs(source, network != null ? network : textNetwork.standIn(), textData, training);
        }
        if (optimizer instanceof HessianFreeSpec) {
            // Hessian-free needs every layer's R-op (Gauss-Newton-vector products)
            String problem = Network.gaussNewtonProblem(network != null ? network : textNetwork.standIn());
            if (problem != null) {
                throw new ConfigException(
                        source + ": key 'optimizer.type' is hessian_free, but the network's " + problem);
            }
        }
        if (optimizer instanceof KfacSpec) {
            // K-FAC samples the true Fisher's targets from a softmax; carried streams would need their state
            NetworkSpec kfacNet = network != null ? network : textNetwork.standIn();
            if (kfacNet.loss() != LossKind.SOFTMAX_CROSS_ENTROPY) {
                throw new ConfigException(source + ": key 'optimizer.type' is kfac, which samples its targets from "
                        + "a softmax: it needs the loss softmax_cross_entropy, got "
                        + kfacNet.loss().text());
            }
            if (textData != null && textData.mode() == SequenceMode.STATEFUL) {
                throw new ConfigException(
                        source + ": key 'optimizer.type' is kfac, which does not support data.mode stateful");
            }
        }
        JobConfig c = new JobConfig(
                source, data, network, textNetwork, precision, optimizer, schedule, training, output, null);
        return new JobConfig(
                source, data, network, textNetwork, precision, optimizer, schedule, training, output, resolved(c));
    }

    static NetworkSpec network(ConfigNode n) {
        Shape input = Shape.of(n.integers("input"));
        List<LayerSpec> layers = new ArrayList<>();
        for (ConfigNode l : n.objects("layers")) {
            String type = l.choice("type", null, LayerSpecs.KINDS.toArray(String[]::new));
            if (type == null) {
                throw l.error("type", "is missing");
            }
            layers.add(LayerSpecs.read(type, l.specFields("type")));
            l.finish();
        }
        if (layers.isEmpty()) {
            throw n.error("layers", "must hold at least one layer");
        }
        LossKind loss = LossKind.parse(n.where("loss"), n.string("loss", "softmax_cross_entropy"));
        n.finish();
        NetworkSpec spec;
        try {
            spec = new NetworkSpec(input, layers, loss);
        } catch (LayerFitException e) {
            throw layerError(n, e);
        } catch (SpecException e) {
            throw new ConfigException(n.file() + ": network: " + e.getMessage(), e);
        }
        checkSizes(n, spec);
        return spec;
    }

    /**
     * The input, each layer's parameters and buffers, and their sums fit one Java array (2^31 − 1
     * values): beyond that the engine's int arithmetic would overflow mid-run.
     */
    private static void checkSizes(ConfigNode n, NetworkSpec spec) {
        try {
            spec.input().size();
        } catch (IllegalArgumentException e) {
            throw n.error("input", "is too large: " + e.getMessage());
        }
        try {
            spec.paramCount();
            spec.bufferCount();
        } catch (LayerFitException e) {
            throw layerError(n, e);
        } catch (SpecException e) {
            throw new ConfigException(n.file() + ": network: " + e.getMessage(), e);
        }
    }

    /** A layer that does not fit, named by its path as its keys are: {@code network.layers[2] (conv2d)}. */
    private static ConfigException layerError(ConfigNode n, LayerFitException e) {
        return new ConfigException(
                n.file() + ": " + n.key("layers") + "[" + e.index() + "] (" + e.layerKind() + ")" + e.detail(), e);
    }

    /**
     * The loss takes the labels the data gives: class labels (int, string) for
     * softmax_cross_entropy, one float target per row (labels float) for mse and bce_with_logits,
     * and then exactly one output. Otherwise every step would fail inside Spark.
     */
    private static void checkLabelsFitLoss(String file, TableData data, NetworkSpec network) {
        boolean fixedClasses = data.format().fixedClasses();
        boolean values = data.regression();
        LossKind loss = network.loss();
        if (loss.classification() && values) {
            throw new ConfigException(file + ": key 'data.labels' is float (one regression target per row), but "
                    + "network.loss " + loss.text() + " needs class labels: use labels int or string, or loss mse or "
                    + "bce_with_logits");
        }
        if (!loss.classification() && !values) {
            throw new ConfigException(
                    file + ": network.loss " + loss.text() + " needs one float target per row, but the "
                            + "data gives class labels ("
                            + (fixedClasses
                                    ? "format " + data.format().text()
                                    : "data.labels " + data.labels().text()) + "): use loss softmax_cross_entropy"
                            + (fixedClasses ? "" : ", or labels float"));
        }
        if (values && network.output().size() != 1) {
            throw new ConfigException(file + ": the network outputs "
                    + network.output().size() + " values per example ("
                    + network.output() + "), but data.labels float gives one target per row: end with a dense layer "
                    + "of 1 unit");
        }
    }

    /**
     * L-BFGS evaluates each step's batch several times (its closure) and compares the evaluations
     * (line search, curvature pairs), so every evaluation must be the same deterministic function of
     * the weights: no layer that behaves differently in training (dropout, batch norm with batch
     * statistics), no clipping of only the first gradient, and no stateful streams, whose steps
     * cannot be evaluated twice.
     */
    private static void checkLbfgs(String file, NetworkSpec network, TextData text, TrainingConfig training) {
        String why = "optimizer.type lbfgs evaluates each step's batch again at other weights and compares the "
                + "evaluations, so each must be the same function of the weights";
        for (int i = 0; i < network.layers().size(); i++) {
            LayerSpec l = network.layers().get(i);
            if (l instanceof DropoutSpec d && d.p() > 0) {
                throw new ConfigException(file + ": key 'network.layers[" + i + "].type' is dropout (p " + d.p()
                        + "), which draws its masks in training mode: " + why
                        + "; remove the layer or use another optimizer");
            }
            if (l instanceof BatchNormSpec) {
                throw new ConfigException(file + ": key 'network.layers[" + i + "].type' is batchnorm, which "
                        + "normalises with each batch's statistics in training mode and updates its running ones: "
                        + why + "; remove the layer or use another optimizer");
            }
        }
        if (training.clipNorm() > 0) {
            throw new ConfigException(file + ": key 'training.clip_norm' is " + training.clipNorm() + ": " + why
                    + ", and clipping would change only the first; set 0 (PyTorch's LBFGS clips nothing)");
        }
        if (text != null && text.mode() == SequenceMode.STATEFUL) {
            throw new ConfigException(file + ": key 'data.mode' is stateful, whose steps advance the streams and "
                    + "cannot be evaluated twice: " + why + "; use data.mode sliding or another optimizer");
        }
    }

    private static OptimizerSpec optimizer(ConfigNode o) {
        OptimizerSpec.Kind kind =
                o.choice("type", OptimizerSpec.Kind.ADAM, OptimizerSpec.Kind::text, OptimizerSpec.Kind.values());
        OptimizerSpec s = OptimizerSpecs.read(kind.text(), o.specFields("type"));
        o.finish();
        return s;
    }

    private static LrSchedule schedule(ConfigNode s) {
        String type = s.choice("type", "constant", LrSchedules.KINDS.toArray(String[]::new));
        LrSchedule l = LrSchedules.read(type, s.specFields("type"));
        s.finish();
        return l;
    }

    private static TrainingConfig training(ConfigNode t, LrSchedule schedule) {
        TrainingConfig c = new TrainingConfig(
                t.integer("batch_size", 1, 64),
                t.integer("epochs", 1, 10),
                t.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, 42),
                t.integer("partitions", 0, 0),
                t.integer("threads_per_task", 0, 0),
                t.number("clip_norm", 0, Double.MAX_VALUE, 0),
                t.integer("max_steps", 0, Long.MAX_VALUE, 0),
                t.integer("log_every", 0, 10),
                t.choice("lr_scaling", LrScaling.NONE, LrScaling.values()),
                t.integer("base_batch", 1, 256),
                t.integer("warmup_steps", 0, 0),
                t.integer("patience", 0, 0),
                t.choice("metric", StopMetric.ACCURACY, StopMetric.values()),
                aggregation(t),
                t.integer("evaluate_every", 0, 0),
                t.choice("gradient_wire", GradientWire.FLOAT32, GradientWire.values()));
        if (c.warmupSteps() > 0 && schedule instanceof LrSchedule.Warmup w) {
            throw t.error(
                    "warmup_steps",
                    "is " + c.warmupSteps() + " and schedule.warmup is " + w.steps()
                            + ": they are different warm-ups (training.warmup_steps ramps the learning rate from η to the "
                            + "lr_scaling rate kη for large batches; schedule.warmup is PyTorch's LinearLR from "
                            + "warmup_start_factor·η to η); set one");
        }
        t.finish();
        return c;
    }

    /**
     * {@code aggregation}, or its older spelling {@code aggregation_depth} (1: depth_1, 2: depth_2);
     * both may be given when they agree (a resolved config writes both: the mode, and the depth whose
     * bits it gives); auto when neither is.
     */
    private static AggregationMode aggregation(ConfigNode t) {
        boolean depthGiven = t.has("aggregation_depth");
        boolean modeGiven = t.has("aggregation");
        int depth = (int) t.integer("aggregation_depth", 1, 2, 1);
        AggregationMode mode = t.choice("aggregation", AggregationMode.AUTO, AggregationMode.values());
        if (!modeGiven) {
            return !depthGiven ? mode : depth == 2 ? AggregationMode.DEPTH_2 : AggregationMode.DEPTH_1;
        }
        if (depthGiven && depth != mode.depth()) {
            throw t.error(
                    "aggregation_depth",
                    "is " + depth + " and " + t.key("aggregation") + " is " + mode.text()
                            + ": aggregation_depth is the older spelling of aggregation (1 adds the partitions in "
                            + "order as depth_1, reduce_scatter and auto do; 2 is depth_2); set one");
        }
        return mode;
    }

    private static OutputConfig output(ConfigNode o) {
        OutputConfig c = new OutputConfig(
                o.requiredNonEmpty("dir"),
                o.choice("mode", OutputMode.NEW, OutputMode.values()),
                o.integer("checkpoint_every", 0, 0),
                o.integer("keep_checkpoints", 1, 2));
        o.finish();
        return c;
    }

    /**
     * The config with every default written out, in the same schema: it can be read back (and is
     * what a resume compares, key by key). Layer, optimizer and schedule settings are written from
     * their typed fields ({@link SpecJson}), each as its JSON type.
     */
    static String resolved(JobConfig c) {
        ObjectNode root = JSON.createObjectNode();
        root.set("data", DataSourceConfig.write(c.data()));
        ObjectNode net = root.putObject("network");
        NetworkSpec spec = c.network() != null ? c.network() : c.textNetwork().standIn();
        for (int d : spec.input().dims()) {
            net.withArray("input").add(d);
        }
        net.put("precision", c.precision().name().toLowerCase(java.util.Locale.ROOT));
        for (LayerSpec l : spec.layers()) {
            net.withArray("layers").add(SpecJson.object(l));
        }
        net.put("loss", spec.loss().text());
        if (c.textNetwork() != null) {
            c.textNetwork().dropFilledSizes(net);
        }
        root.set("optimizer", SpecJson.object(c.optimizer()));
        root.set("schedule", SpecJson.object(c.schedule()));
        TrainingConfig t = c.training();
        ObjectNode tr = root.putObject("training");
        tr.put("batch_size", t.batchSize())
                .put("epochs", t.epochs())
                .put("seed", t.seed())
                .put("partitions", t.partitions())
                .put("threads_per_task", t.threadsPerTask())
                .put("clip_norm", t.clipNorm())
                .put("max_steps", t.maxSteps())
                .put("log_every", t.logEvery())
                .put("lr_scaling", t.lrScaling().text())
                .put("base_batch", t.baseBatch())
                .put("warmup_steps", t.warmupSteps())
                .put("patience", t.patience())
                .put("metric", t.metric().text())
                .put("aggregation", t.aggregation().text())
                .put("aggregation_depth", t.aggregationDepth())
                .put("evaluate_every", t.evaluateEvery())
                .put("gradient_wire", t.gradientWire().text());
        OutputConfig o = c.output();
        root.putObject("output")
                .put("dir", o.dir())
                .put("mode", o.mode().text())
                .put("checkpoint_every", o.everySteps())
                .put("keep_checkpoints", o.keep());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
