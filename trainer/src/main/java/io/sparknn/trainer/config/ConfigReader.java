package io.sparknn.trainer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.layer.LayerFitException;
import io.sparknn.engine.layer.LayerSpec;
import io.sparknn.engine.layer.LayerSpecs;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecFields;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.LrSchedule;
import io.sparknn.engine.optim.LrSchedules;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerSpecs;
import java.util.ArrayList;
import java.util.List;

/** Reads a JSON job config strictly: unknown keys, wrong types and out-of-range values are errors naming the key. */
public final class ConfigReader {
    /** Writes the resolved config; {@link ConfigNode#parse} reads. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigReader() {
    }

    /** Parses {@code text}, read from {@code source} (named in every error). */
    public static JobConfig parse(String source, String text) {
        ConfigNode top = ConfigNode.parse(source, text);
        DataConfig data = data(top.object("data"));
        ConfigNode net = top.object("network");
        Precision precision = Precision.valueOf(net.choice("precision", "float32", "float32", "float64").toUpperCase());
        NetworkSpec network = network(net);
        OptimizerSpec optimizer = optimizer(top.objectOrEmpty("optimizer"));
        LrSchedule schedule = schedule(top.objectOrEmpty("schedule"));
        TrainingConfig training = training(top.object("training"));
        OutputConfig output = output(top.object("output"));
        top.finish();
        checkLabelsFitLoss(source, data, network);
        JobConfig c = new JobConfig(source, data, network, precision, optimizer, schedule, training, output, null);
        return new JobConfig(source, data, network, precision, optimizer, schedule, training, output, resolved(c));
    }

    private static DataConfig data(ConfigNode d) {
        String format = d.choice("format", null, "builtin", "csv", "idx", "libsvm", "parquet", "table");
        if (format == null) {
            throw d.error("format", "is missing");
        }
        boolean idx = format.equals("idx");
        String train = d.requiredNonEmpty("train");
        String trainLabels = idx ? d.requiredNonEmpty("train_labels") : null;
        String test = d.string("test", null);
        if (test != null && test.isBlank()) {
            throw d.error("test", "must not be empty: leave the key out to split the training data");
        }
        String testLabels = idx && test != null ? d.requiredNonEmpty("test_labels") : null;
        DataConfig c = new DataConfig(format, train, trainLabels, test, testLabels,
                d.number("validation_fraction", 0, 0.9, 0.2), (int) d.integer("label_column", -100000, 100000, -1),
                d.string("delimiter", ","), d.choice("header", "none", "none", "first", "sklearn"),
                d.choice("labels", "int", "int", "string", "float"),
                d.choice("scaling", "none", "none", "standardize", "minmax", "divide"),
                d.number("divisor", Double.MIN_VALUE, Double.MAX_VALUE, 1),
                d.flag("skip_malformed", false), d.string("features_column", "features"),
                d.string("label_column_name", "label"),
                d.choice("storage_level", "MEMORY_AND_DISK", "MEMORY_ONLY", "MEMORY_AND_DISK", "MEMORY_ONLY_SER",
                        "MEMORY_AND_DISK_SER", "DISK_ONLY"));
        if (c.delimiter().length() != 1) {
            throw d.error("delimiter", "must be one character, got '" + c.delimiter() + "'");
        }
        if ("\"\n\r".indexOf(c.delimiter().charAt(0)) >= 0) {
            throw d.error("delimiter", "cannot be a double quote or a line break: they are reserved by the CSV rules");
        }
        d.finish();
        return c;
    }

    private static NetworkSpec network(ConfigNode n) {
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
        return new ConfigException(n.file() + ": " + n.key("layers") + "[" + e.index() + "] (" + e.layerKind() + ")"
                + e.detail(), e);
    }

    /**
     * The loss takes the labels the data gives: class labels (int, string) for
     * softmax_cross_entropy, one float target per row (labels float) for mse and bce_with_logits,
     * and then exactly one output. Otherwise every step would fail inside Spark.
     */
    private static void checkLabelsFitLoss(String file, DataConfig data, NetworkSpec network) {
        boolean fixedClasses = data.format().equals("idx") || data.format().equals("builtin");
        boolean values = data.labels().equals("float") && !fixedClasses;
        LossKind loss = network.loss();
        if (loss.classification() && values) {
            throw new ConfigException(file + ": key 'data.labels' is float (one regression target per row), but "
                    + "network.loss " + loss.text() + " needs class labels: use labels int or string, or loss mse or "
                    + "bce_with_logits");
        }
        if (!loss.classification() && !values) {
            throw new ConfigException(file + ": network.loss " + loss.text() + " needs one float target per row, but the "
                    + "data gives class labels (" + (fixedClasses ? "format " + data.format() : "data.labels " + data.labels())
                    + "): use loss softmax_cross_entropy" + (fixedClasses ? "" : ", or labels float"));
        }
        if (values && network.output().size() != 1) {
            throw new ConfigException(file + ": the network outputs " + network.output().size() + " values per example ("
                    + network.output() + "), but data.labels float gives one target per row: end with a dense layer "
                    + "of 1 unit");
        }
    }

    private static OptimizerSpec optimizer(ConfigNode o) {
        String type = o.choice("type", "adam", OptimizerSpec.Kind.texts());
        OptimizerSpec s = OptimizerSpecs.read(type, o.specFields("type"));
        o.finish();
        return s;
    }

    private static LrSchedule schedule(ConfigNode s) {
        String type = s.choice("type", "constant", LrSchedules.KINDS.toArray(String[]::new));
        LrSchedule l = LrSchedules.read(type, s.specFields("type"));
        s.finish();
        return l;
    }

    private static TrainingConfig training(ConfigNode t) {
        TrainingConfig c = new TrainingConfig(t.integer("batch_size", 1, 64), t.integer("epochs", 1, 10),
                t.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, 42), t.integer("partitions", 0, 0),
                t.integer("threads_per_task", 0, 0), t.number("clip_norm", 0, Double.MAX_VALUE, 0),
                t.integer("max_steps", 0, Long.MAX_VALUE, 0), t.integer("log_every", 1, 10),
                t.choice("lr_scaling", "none", "none", "linear", "sqrt"), t.integer("base_batch", 1, 256),
                t.integer("warmup_steps", 0, 0), t.integer("patience", 0, 0),
                t.choice("metric", "accuracy", "accuracy", "loss"), (int) t.integer("aggregation_depth", 1, 2, 1));
        t.finish();
        return c;
    }

    private static OutputConfig output(ConfigNode o) {
        OutputConfig c = new OutputConfig(o.requiredNonEmpty("dir"), o.choice("mode", "new", "new", "overwrite", "resume", "auto"),
                o.integer("checkpoint_every", 0, 0), o.integer("keep_checkpoints", 1, 2));
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
        root.set("data", data(c.data()));
        ObjectNode net = root.putObject("network");
        for (int d : c.network().input().dims()) {
            net.withArray("input").add(d);
        }
        net.put("precision", c.precision().name().toLowerCase(java.util.Locale.ROOT));
        for (LayerSpec l : c.network().layers()) {
            net.withArray("layers").add(SpecJson.object(l));
        }
        net.put("loss", c.network().loss().text());
        root.set("optimizer", SpecJson.object(c.optimizer()));
        root.set("schedule", SpecJson.object(c.schedule()));
        TrainingConfig t = c.training();
        ObjectNode tr = root.putObject("training");
        tr.put("batch_size", t.batchSize()).put("epochs", t.epochs()).put("seed", t.seed()).put("partitions", t.partitions())
                .put("threads_per_task", t.threadsPerTask()).put("clip_norm", t.clipNorm()).put("max_steps", t.maxSteps())
                .put("log_every", t.logEvery()).put("lr_scaling", t.lrScaling()).put("base_batch", t.baseBatch())
                .put("warmup_steps", t.warmupSteps()).put("patience", t.patience()).put("metric", t.metric())
                .put("aggregation_depth", t.aggregationDepth());
        OutputConfig o = c.output();
        root.putObject("output").put("dir", o.dir()).put("mode", o.mode()).put("checkpoint_every", o.everySteps())
                .put("keep_checkpoints", o.keep());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode data(DataConfig d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", d.format()).put("train", d.train());
        if (d.trainLabels() != null) {
            n.put("train_labels", d.trainLabels());
        }
        if (d.test() != null) {
            n.put("test", d.test());
        }
        if (d.testLabels() != null) {
            n.put("test_labels", d.testLabels());
        }
        return n.put("validation_fraction", d.validationFraction()).put("label_column", d.labelColumn())
                .put("delimiter", d.delimiter()).put("header", d.header()).put("labels", d.labels())
                .put("scaling", d.scaling()).put("divisor", d.divisor()).put("skip_malformed", d.skipMalformed())
                .put("features_column", d.featuresColumn()).put("label_column_name", d.labelColumnName())
                .put("storage_level", d.storageLevel());
    }

    /** {@link SpecJson#object(OptimizerSpec)}: the optimizer as its config object. */
    public static ObjectNode specObject(OptimizerSpec spec) {
        return SpecJson.object(spec);
    }

    /**
     * A spec line {@code kind k=v ...} as its config object, each value typed by the line's grammar
     * ({@link io.sparknn.engine.layer.SpecValue#parse}).
     *
     * @deprecated write the spec itself with {@link SpecJson#object}, from its typed fields; this reads its text again.
     */
    @Deprecated
    public static ObjectNode specObject(String text) {
        SpecFields.Line line = SpecFields.line("spec", text);
        return SpecJson.object(line.kind(), line.fields().values());
    }
}
