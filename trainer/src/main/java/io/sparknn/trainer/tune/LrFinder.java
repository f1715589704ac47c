package io.sparknn.trainer.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.SparknnException;
import io.sparknn.engine.train.DivergedException;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.checkpoint.OutputFiles;
import io.sparknn.trainer.config.ConfigException;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.config.SpecJson;
import io.sparknn.trainer.report.Chart;
import io.sparknn.trainer.report.Pages;
import io.sparknn.trainer.report.Series;
import io.sparknn.trainer.run.Compute;
import io.sparknn.trainer.run.TrainingRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Smith's learning-rate range test (Smith 2015, "Cyclical learning rates for training neural
 * networks", section 3.3; fastai's {@code lr_find}): train from the config's initial weights with a
 * rate that grows exponentially, lr(i) = start · (end / start)^(i / (steps − 1)) for step i = 0 …
 * steps − 1 (fastai: i / steps, so its last rate stops short of end), at the config's own global
 * batch, partitions and master, and watch the loss. The loss is smoothed by a bias-corrected EMA
 * (β 0.98, {@link SmoothedLoss}); the sweep stops when the smoothed loss exceeds 4 × its best so far
 * or a loss or parameter turns NaN or infinite, as fastai's {@code stop_div}, which ends it normally.
 *
 * <p>The sweep is a normal run ({@link TrainingRun}) in {@code <out>/run}, of a config derived from
 * the given one: the optimizer at the start rate with an exponential schedule of factor
 * (end / start)^(1 / (steps − 1)) per step; the config's schedule, warm-up ({@code schedule.warmup},
 * {@code training.warmup_steps}), {@code lr_scaling}, {@code max_steps}, early stopping and
 * checkpoints are set aside (the output says so). It writes {@code lr-find.json} (every point, the
 * suggestions of {@link LrCurve}) and {@code lr-find.html} (the curve) to {@code out}, and changes
 * nothing else: the config's own run directory and any later run are untouched.
 */
public final class LrFinder {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the sweep does; each value checked ({@link ConfigException}: a bad value is a config error). */
    public record Settings(double start, double end, int steps, String out) {
        /** fastai's smallest sweep ({@code if num_it < 6: num_it = 6}); here refused instead. */
        public static final int MIN_STEPS = 6;

        public Settings {
            if (!(start > 0) || !Double.isFinite(start)) {
                throw new ConfigException("lr-find: --start must be a finite learning rate > 0, got " + start);
            }
            if (!(end > start) || !Double.isFinite(end)) {
                throw new ConfigException(
                        "lr-find: --end must be a finite learning rate above --start (" + start + "), got " + end);
            }
            if (steps < MIN_STEPS) {
                throw new ConfigException("lr-find: --steps must be at least " + MIN_STEPS + ", got " + steps);
            }
        }

        /** The rate of step i of the ramp. */
        public double lr(long i) {
            return start * Math.pow(end / start, (double) i / (steps - 1));
        }
    }

    /** The sweep's outcome: its curve, why it stopped, and the files written. */
    public record Result(
            LrCurve curve, double[] rawLosses, LrCurve.Suggestions suggestions, String stopped, Path json, Path page) {}

    /** Ends the sweep from the listener when the smoothed loss has grown past 4 × its best. */
    private static final class Diverging extends SparknnException {
        private static final long serialVersionUID = 1L;

        Diverging(String message) {
            super(Kind.DIVERGED, message); // always caught by the finder: the sweep's normal end
        }
    }

    /** The listener: smooths every step's loss and ends the sweep at 4 × the best. */
    static final class Sweep implements TrainingLoop.Listener {
        private final SmoothedLoss smoothed = new SmoothedLoss(SmoothedLoss.BETA);
        final List<double[]> points = new ArrayList<>(); // step, lr, loss, smoothed
        private double best = Double.POSITIVE_INFINITY;

        @Override
        public void onStep(StepReport r, TrainingState state) {
            double s = smoothed.add(r.loss());
            points.add(new double[] {r.globalStep(), r.lr(), r.loss(), s});
            if (s < best) {
                best = s;
            }
            if (!Double.isFinite(s) || s > 4 * best) {
                throw new Diverging(String.format(
                        Locale.ROOT,
                        "the smoothed loss %.4g exceeded 4 x its best %.4g at step %d (lr %.3g)",
                        s,
                        best,
                        r.globalStep(),
                        r.lr()));
            }
        }
    }

    private LrFinder() {}

    /** The default output directory: {@code lr-find/} inside the config's own run directory. */
    public static String defaultOut(JobConfig cfg) {
        return new Path(cfg.output().dir(), "lr-find").toString();
    }

    /**
     * Runs the sweep and writes its files; {@code say} gets the lines a person reads (what is
     * ignored, why it stopped, the suggestions).
     */
    public static Result run(
            Compute compute, JobConfig cfg, Settings s, Consumer<NetworkSpec> checkNetwork, Consumer<String> say)
            throws IOException {
        ObjectNode tree = DerivedConfig.tree(cfg);
        ObjectNode opt = (ObjectNode) tree.get("optimizer");
        opt.put("lr", s.start());
        ObjectNode schedule = tree.putObject("schedule");
        schedule.put("type", "exponential");
        schedule.put("gamma", Math.pow(s.end() / s.start(), 1.0 / (s.steps() - 1)));
        ObjectNode training = (ObjectNode) tree.get("training");
        training.put("lr_scaling", "none");
        training.put("warmup_steps", 0);
        training.put("max_steps", s.steps());
        training.put("epochs", Math.max(cfg.training().epochs(), s.steps())); // an epoch is at least one step
        training.put("patience", 0);
        training.put("log_every", 1);
        String runDir = new Path(s.out(), "run").toString();
        DerivedConfig.output(tree, runDir, "overwrite", 0);
        JobConfig sweepCfg = DerivedConfig.read(cfg, tree, "lr-find sweep");

        say.accept(String.format(
                Locale.ROOT,
                "lr-find: exponential ramp of the learning rate from %s to %s over %d steps at the config's global "
                        + "batch %d on %s; ignored: the config's schedule %s, warm-up (schedule.warmup, "
                        + "training.warmup_steps %d), lr_scaling %s, and max_steps, patience and checkpoints",
                s.start(),
                s.end(),
                s.steps(),
                cfg.training().batchSize(),
                compute.onSpark() ? compute.sc().master() : "this process",
                SpecJson.object(cfg.schedule()),
                cfg.training().warmupSteps(),
                cfg.training().lrScaling().text()));
        Sweep sweep = new Sweep();
        String stopped;
        try {
            new TrainingRun(compute, sweepCfg, false)
                    .checkingNetwork(checkNetwork)
                    .observedBy(sweep)
                    .run();
            stopped = "swept all " + s.steps() + " steps";
        } catch (Diverging e) {
            stopped = "stopped: " + e.getMessage();
        } catch (DivergedException e) {
            stopped = "stopped: " + e.getMessage();
            // the step whose loss was not finite: its rate was the next of the ramp
            int step = sweep.points.size();
            sweep.points.add(new double[] {step, s.lr(step), Double.NaN, Double.NaN});
        }
        int n = sweep.points.size();
        double[] lrs = new double[n];
        double[] raw = new double[n];
        double[] smooth = new double[n];
        for (int i = 0; i < n; i++) {
            lrs[i] = sweep.points.get(i)[1];
            raw[i] = sweep.points.get(i)[2];
            smooth[i] = sweep.points.get(i)[3];
        }
        LrCurve curve = new LrCurve(lrs, smooth, s.steps());
        LrCurve.Suggestions sg = curve.suggestions();
        say.accept("lr-find: " + stopped);
        say.accept(suggestionLine(sg));
        Path out = new Path(s.out());
        FileSystem fs = out.getFileSystem(compute.hadoop());
        Path json = new Path(out, "lr-find.json");
        Path page = new Path(out, "lr-find.html");
        OutputFiles.write(fs, json, json(cfg, s, compute, stopped, curve, raw, sg, runDir));
        OutputFiles.write(fs, page, page(cfg, s, stopped, curve, raw, sg).getBytes(StandardCharsets.UTF_8));
        say.accept("lr-find: wrote " + fs.makeQualified(json) + " and " + fs.makeQualified(page));
        return new Result(curve, raw, sg, stopped, json, page);
    }

    static String suggestionLine(LrCurve.Suggestions sg) {
        if (Double.isNaN(sg.valley())) {
            return "lr-find: too few points between the first tenth and the last 5 steps for suggestions; sweep more "
                    + "steps or a wider range";
        }
        return String.format(
                Locale.ROOT,
                "lr-find: suggestions: steepest %.3g, minimum/10 %.3g, valley %.3g (fastai's default)",
                sg.steepest(),
                sg.minimumTenth(),
                sg.valley());
    }

    private static byte[] json(
            JobConfig cfg,
            Settings s,
            Compute compute,
            String stopped,
            LrCurve curve,
            double[] raw,
            LrCurve.Suggestions sg,
            String runDir)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("config", cfg.source());
        root.put("master", compute.onSpark() ? compute.sc().master() : "in process");
        root.put("batch_size", cfg.training().batchSize());
        root.put("start", s.start());
        root.put("end", s.end());
        root.put("steps", s.steps());
        root.put("beta", SmoothedLoss.BETA);
        root.put("stop_factor", 4);
        root.put("stopped", stopped);
        root.put("run", runDir);
        ObjectNode ignored = root.putObject("ignored");
        ignored.set("schedule", SpecJson.object(cfg.schedule()));
        ignored.put("warmup_steps", cfg.training().warmupSteps());
        ignored.put("lr_scaling", cfg.training().lrScaling().text());
        ObjectNode sug = root.putObject("suggestions");
        number(sug, "steepest", sg.steepest());
        number(sug, "minimum_tenth", sg.minimumTenth());
        number(sug, "valley", sg.valley());
        sug.put("window_from", sg.from());
        sug.put("window_to", sg.to());
        ArrayNode points = root.putArray("points");
        for (int i = 0; i < curve.lrs().length; i++) {
            ObjectNode p = points.addObject();
            p.put("step", i);
            p.put("lr", curve.lrs()[i]);
            number(p, "loss", raw[i]);
            number(p, "smoothed", curve.losses()[i]);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    /** A number, or null where it is not finite (JSON has no NaN). */
    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private static String page(
            JobConfig cfg, Settings s, String stopped, LrCurve curve, double[] raw, LrCurve.Suggestions sg) {
        StringBuilder b = new StringBuilder(32 * 1024);
        Pages.start("sparknn lr-find: " + cfg.source(), b);
        b.append("<p>Smith's learning-rate range test (fastai's lr_find): the rate grows exponentially from ")
                .append(Pages.number(s.start()))
                .append(" to ")
                .append(Pages.number(s.end()))
                .append(" over ")
                .append(s.steps())
                .append(" steps at the global batch ")
                .append(cfg.training().batchSize())
                .append("; the config's schedule, warm-up and lr_scaling are ignored. Loss smoothed by a "
                        + "bias-corrected EMA (\u03b2 0.98). ")
                .append(Pages.escape(stopped))
                .append(".</p>\n<table class=\"runs\">\n<tr><th>suggestion</th><th>learning rate</th></tr>\n");
        String[][] rows = {
            {"steepest descent", Pages.number(sg.steepest())},
            {"minimum / 10", Pages.number(sg.minimumTenth())},
            {"valley (fastai's default)", Pages.number(sg.valley())}
        };
        for (String[] r : rows) {
            b.append("<tr><td>")
                    .append(r[0])
                    .append("</td><td class=\"num\">")
                    .append(r[1])
                    .append("</td></tr>\n");
        }
        b.append("</table>\n<div class=\"charts\">\n");
        double[] x = new double[curve.lrs().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.log10(curve.lrs()[i]);
        }
        List<Chart.Marker> markers = new ArrayList<>();
        if (!Double.isNaN(sg.valley())) {
            markers.add(new Chart.Marker(Math.log10(sg.valley()), "valley"));
            markers.add(new Chart.Marker(Math.log10(sg.steepest()), "steepest"));
            markers.add(new Chart.Marker(Math.log10(sg.minimumTenth()), "min/10"));
        }
        Pages.chart(
                new Chart(
                        "lr-find",
                        "loss against the learning rate",
                        "log10 learning rate",
                        "loss",
                        List.of(
                                new Series("loss", 0, false, x, raw),
                                new Series(
                                        "smoothed loss (EMA \u03b2 0.98, bias-corrected)", 1, true, x, curve.losses())),
                        markers),
                b);
        b.append("</div>\n");
        Pages.end(b);
        return b.toString();
    }
}
