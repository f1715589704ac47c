package io.sparknn.trainer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.Locale;

/** Reads a JSON job config strictly: unknown keys, wrong types and out-of-range values are errors naming the key. */
public final class ConfigReader {
    /** Writes the resolved config; {@link ConfigNode#parse} reads. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigReader() {
    }

    /** Parses {@code text}, read from {@code source} (named in every error). */
    public static JobConfig parse(String source, String text) {
        ConfigNode top = ConfigNode.parse(source, text);
        refuseCharLmSchema(top);
        ConfigNode d = top.object("data");
        DataFormat format = d.choice("format", null, DataFormat.values());
        DataSource data = format == DataFormat.TEXT ? text(d) : table(d, format);
        ConfigNode net = top.object("network");
        Precision precision = net.choice("precision", Precision.FLOAT32, p -> p.name().toLowerCase(Locale.ROOT),
                Precision.values());
        TextData textData = data instanceof TextData td ? td : null;
        NetworkSpec network = textData != null ? null : network(net);
        TextNetwork textNetwork = textData != null ? TextNetwork.read(net, textData.window()) : null;
        OptimizerSpec optimizer = optimizer(top.objectOrEmpty("optimizer"));
        LrSchedule schedule = schedule(top.objectOrEmpty("schedule"));
        ConfigNode trainingNode = top.object("training");
        TrainingConfig training = training(trainingNode, schedule);
        OutputConfig output = output(top.object("output"));
        top.finish();
        if (textData != null && textData.mode() == SequenceMode.STATEFUL && training.aggregationDepth() != 1) {
            throw trainingNode.error("aggregation_depth", "must be 1 with data.mode stateful (the streams' state goes to "
                    + "the driver with each partition's gradient), got " + training.aggregationDepth());
        }
        if (data instanceof TableData table) {
            checkLabelsFitLoss(source, table, network);
        }
        JobConfig c = new JobConfig(source, data, network, textNetwork, precision, optimizer, schedule, training, output, null);
        return new JobConfig(source, data, network, textNetwork, precision, optimizer, schedule, training, output,
                resolved(c));
    }

    /**
     * The char-lm job of earlier versions had a config of its own; its keys moved into this one.
     * Such a config fails on its first old key with where it went, rather than on "unknown key".
     */
    private static void refuseCharLmSchema(ConfigNode top) {
        if (top.has("sequence")) {
            throw top.error("sequence", "is the char-lm config of earlier versions: its keys moved to data "
                    + "(data.window, data.stride, data.mode, data.validation_fraction next to data.format text), "
                    + "the network to network.layers (embedding dim, lstm hidden, dense), "
                    + "training.precision to network.precision and training.max_train_chars to training.max_steps; "
                    + "see conf/kjv-char-lstm.json");
        }
        // a config half moved: each old key says where it went
        if (top.has("network")) {
            ConfigNode n = top.object("network");
            moved(n, "embedding", "network.layers, as a first layer {\"type\": \"embedding\", \"dim\": ...}");
            moved(n, "lstm", "network.layers, as {\"type\": \"lstm\", \"hidden\": ...} per size, then {\"type\": \"dense\"}");
        }
        if (top.has("training")) {
            ConfigNode t = top.object("training");
            moved(t, "precision", "network.precision");
            moved(t, "max_train_chars", "training.max_steps (characters / (batch_size * data.window), rounded up)");
        }
    }

    private static void moved(ConfigNode n, String key, String where) {
        if (n.has(key)) {
            throw n.error(key, "is a key of the char-lm config of earlier versions: it moved to " + where);
        }
    }

    private static TextData text(ConfigNode d) {
        String train = d.requiredNonEmpty("train");
        long maxChars = d.integer("max_chars", 0, Long.MAX_VALUE, 0);
        int window = d.integer("window", 1, 100);
        int stride = (int) d.integer("stride", 1, window, window);
        SequenceMode mode = d.choice("mode", SequenceMode.STATEFUL, SequenceMode.values());
        if (mode == SequenceMode.STATEFUL && stride != window) {
            throw d.error("stride", "is read only with mode sliding: stateful streams move a whole window per step "
                    + "(stride " + stride + ", window " + window + ")");
        }
        double validation = d.number("validation_fraction", 0.001, 0.9, 0.05);
        d.finish();
        return new TextData(train, maxChars, window, stride, mode, validation);
    }

    private static TableData table(ConfigNode d, DataFormat format) {
        String train = d.requiredNonEmpty("train");
        String test = d.string("test", null);
        if (test != null && test.isBlank()) {
            throw d.error("test", "must not be empty: leave the key out to split the training data");
        }
        double validationFraction = d.number("validation_fraction", 0, 0.9, 0.2);
        LabelType labels = d.choice("labels", LabelType.INT, LabelType.INT, LabelType.STRING, LabelType.FLOAT);
        ScalingKind scaling = d.choice("scaling", ScalingKind.NONE, ScalingKind.values());
        double divisor = d.number("divisor", Double.MIN_VALUE, Double.MAX_VALUE, 1);
        CacheLevel storage = d.choice("storage_level", CacheLevel.MEMORY_AND_DISK, CacheLevel.values());
        // every key read (and type-checked) before one is refused for not applying to the format
        int labelColumn = (int) d.integer("label_column", -100000, 100000, -1);
        String delimiter = d.string("delimiter", ",");
        CsvHeader header = d.choice("header", CsvHeader.NONE, CsvHeader.values());
        boolean skipMalformed = d.flag("skip_malformed", false);
        String featuresColumn = d.string("features_column", "features");
        String labelColumnName = d.string("label_column_name", "label");
        boolean csv = format == DataFormat.CSV;
        refuseUnless(d, csv, format, "label_column", labelColumn, -1);
        refuseUnless(d, csv, format, "delimiter", delimiter, ",");
        refuseUnless(d, csv, format, "header", header, CsvHeader.NONE);
        refuseUnless(d, csv || format == DataFormat.LIBSVM, format, "skip_malformed", skipMalformed, false);
        refuseUnless(d, format.sql(), format, "features_column", featuresColumn, "features");
        refuseUnless(d, format.sql(), format, "label_column_name", labelColumnName, "label");
        refuseUnless(d, !format.fixedClasses(), format, "labels", labels, LabelType.INT);
        if (scaling != ScalingKind.DIVIDE && divisor != 1) {
            throw d.error("divisor", "is read only with scaling divide (scaling is " + scaling.text() + ")");
        }
        TableLayout layout = switch (format) {
            case BUILTIN -> new TableLayout.Builtin();
            case CSV -> new TableLayout.Csv(labelColumn, delimiter(d, delimiter), header, skipMalformed);
            case LIBSVM -> new TableLayout.Libsvm(skipMalformed);
            case IDX -> new TableLayout.Idx(d.requiredNonEmpty("train_labels"),
                    test != null ? d.requiredNonEmpty("test_labels") : null);
            case PARQUET, TABLE -> new TableLayout.Sql(featuresColumn, labelColumnName);
            case TEXT -> throw new IllegalStateException("a text is not a table");
        };
        d.finish();
        return new TableData(format, train, test, validationFraction, labels, scaling, divisor, storage, layout);
    }

    private static char delimiter(ConfigNode d, String delimiter) {
        if (delimiter.length() != 1) {
            throw d.error("delimiter", "must be one character, got '" + delimiter + "'");
        }
        if ("\"\n\r".indexOf(delimiter.charAt(0)) >= 0) {
            throw d.error("delimiter", "cannot be a double quote or a line break: they are reserved by the CSV rules");
        }
        return delimiter.charAt(0);
    }

    /**
     * A key that {@code format} would ignore is an error, not a silently ignored setting, unless it
     * holds its default: the resolved configs of earlier versions wrote every key for every format,
     * and evaluate, predict and resume read them. Its value has been read (and type-checked) first.
     */
    private static void refuseUnless(ConfigNode d, boolean applies, DataFormat format, String key, Object value,
                                     Object otherwise) {
        if (!applies && d.has(key) && !value.equals(otherwise)) {
            throw d.error(key, "does not apply to format " + format.text() + ": leave it out");
        }
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
        return new ConfigException(n.file() + ": " + n.key("layers") + "[" + e.index() + "] (" + e.layerKind() + ")"
                + e.detail(), e);
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
            throw new ConfigException(file + ": network.loss " + loss.text() + " needs one float target per row, but the "
                    + "data gives class labels (" + (fixedClasses ? "format " + data.format().text()
                    : "data.labels " + data.labels().text()) + "): use loss softmax_cross_entropy"
                    + (fixedClasses ? "" : ", or labels float"));
        }
        if (values && network.output().size() != 1) {
            throw new ConfigException(file + ": the network outputs " + network.output().size() + " values per example ("
                    + network.output() + "), but data.labels float gives one target per row: end with a dense layer "
                    + "of 1 unit");
        }
    }

    private static OptimizerSpec optimizer(ConfigNode o) {
        OptimizerSpec.Kind kind = o.choice("type", OptimizerSpec.Kind.ADAM, OptimizerSpec.Kind::text,
                OptimizerSpec.Kind.values());
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
        TrainingConfig c = new TrainingConfig(t.integer("batch_size", 1, 64), t.integer("epochs", 1, 10),
                t.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, 42), t.integer("partitions", 0, 0),
                t.integer("threads_per_task", 0, 0), t.number("clip_norm", 0, Double.MAX_VALUE, 0),
                t.integer("max_steps", 0, Long.MAX_VALUE, 0), t.integer("log_every", 0, 10),
                t.choice("lr_scaling", LrScaling.NONE, LrScaling.values()), t.integer("base_batch", 1, 256),
                t.integer("warmup_steps", 0, 0), t.integer("patience", 0, 0),
                t.choice("metric", StopMetric.ACCURACY, StopMetric.values()), (int) t.integer("aggregation_depth", 1, 2, 1),
                t.integer("evaluate_every", 0, 0));
        if (c.warmupSteps() > 0 && schedule instanceof LrSchedule.Warmup w) {
            throw t.error("warmup_steps", "is " + c.warmupSteps() + " and schedule.warmup is " + w.steps()
                    + ": they are different warm-ups (training.warmup_steps ramps the learning rate from η to the "
                    + "lr_scaling rate kη for large batches; schedule.warmup is PyTorch's LinearLR from "
                    + "warmup_start_factor·η to η); set one");
        }
        t.finish();
        return c;
    }

    private static OutputConfig output(ConfigNode o) {
        OutputConfig c = new OutputConfig(o.requiredNonEmpty("dir"), o.choice("mode", OutputMode.NEW, OutputMode.values()),
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
        tr.put("batch_size", t.batchSize()).put("epochs", t.epochs()).put("seed", t.seed()).put("partitions", t.partitions())
                .put("threads_per_task", t.threadsPerTask()).put("clip_norm", t.clipNorm()).put("max_steps", t.maxSteps())
                .put("log_every", t.logEvery()).put("lr_scaling", t.lrScaling().text()).put("base_batch", t.baseBatch())
                .put("warmup_steps", t.warmupSteps()).put("patience", t.patience()).put("metric", t.metric().text())
                .put("aggregation_depth", t.aggregationDepth()).put("evaluate_every", t.evaluateEvery());
        OutputConfig o = c.output();
        root.putObject("output").put("dir", o.dir()).put("mode", o.mode().text()).put("checkpoint_every", o.everySteps())
                .put("keep_checkpoints", o.keep());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode data(DataSource source) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", source.format().text()).put("train", source.train());
        if (source instanceof TextData t) {
            return n.put("max_chars", t.maxChars()).put("window", t.window()).put("stride", t.stride())
                    .put("mode", t.mode().text()).put("validation_fraction", t.validationFraction());
        }
        TableData d = (TableData) source;
        if (d.test() != null) {
            n.put("test", d.test());
        }
        n.put("validation_fraction", d.validationFraction());
        if (!d.format().fixedClasses()) {
            n.put("labels", d.labels().text());
        }
        n.put("scaling", d.scaling().text());
        if (d.scaling() == ScalingKind.DIVIDE) {
            n.put("divisor", d.divisor());
        }
        if (d.layout() instanceof TableLayout.Csv csv) {
            n.put("label_column", csv.labelColumn()).put("delimiter", String.valueOf(csv.delimiter()))
                    .put("header", csv.header().text()).put("skip_malformed", csv.skipMalformed());
        } else if (d.layout() instanceof TableLayout.Libsvm libsvm) {
            n.put("skip_malformed", libsvm.skipMalformed());
        } else if (d.layout() instanceof TableLayout.Idx idx) {
            n.put("train_labels", idx.trainLabels());
            if (idx.testLabels() != null) {
                n.put("test_labels", idx.testLabels());
            }
        } else if (d.layout() instanceof TableLayout.Sql sql) {
            n.put("features_column", sql.featuresColumn()).put("label_column_name", sql.labelColumnName());
        }
        return n.put("storage_level", d.storageLevel().text());
    }
}
