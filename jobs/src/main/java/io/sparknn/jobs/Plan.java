package io.sparknn.jobs;

import io.sparknn.trainer.config.AggregationMode;
import io.sparknn.trainer.config.ConfigException;
import io.sparknn.trainer.config.DataFormat;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.plan.CostModel;
import io.sparknn.trainer.plan.StepProbe;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkUserAppException;

/**
 * {@code plan <config.json> --executors N [--bandwidth-gbps 10] [--latency-ms 0.5]}: before renting
 * a cluster, what a step of the config's network and batch would cost on N executors (one core
 * each) per aggregation ({@link CostModel}), and which aggregation and global batch it would pick.
 * The network's compute per example and its optimizer's update are measured on the spot with a few
 * steps in this process on zero examples of its input shape (no Spark, no data read); the Spark
 * overheads are the constants measured on the benchmark cluster ({@link CostModel.Constants#MEASURED},
 * an upper bound) and Spark's low-load floor ({@link CostModel.Constants#QUIET}). A text config is
 * refused (its network depends on its vocabulary). Exit 2 for a usage error (no config, no
 * {@code --executors}, an unknown option), 3 for a bad config or option value, as the other jobs.
 */
public final class Plan {
    static final String USAGE = "usage: plan <config.json> --executors N [--bandwidth-gbps 10] [--latency-ms 0.5]";
    static final List<AggregationMode> MODES =
            List.of(AggregationMode.DEPTH_1, AggregationMode.DEPTH_2, AggregationMode.REDUCE_SCATTER);

    private Plan() {}

    public static void main(String[] args) throws SparkUserAppException {
        JobExit.exit(run(args, System.out, System.err));
    }

    /** Runs the job and returns its {@link ExitCode}; never calls System.exit. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        JobArgs a;
        try {
            a = JobArgs.parse(args, Set.of("--executors", "--bandwidth-gbps", "--latency-ms"), Set.of());
        } catch (JobArgs.UsageException e) {
            err.println("plan: " + e.getMessage() + "\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        if (a.positional.size() != 1) {
            err.println("plan: one config file expected\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        if (!a.options.containsKey("--executors")) {
            err.println("plan: --executors N is required\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        String file = a.positional.get(0);
        return JobRunner.inProcess("plan", err, () -> {
            int executors = a.whole("--executors", "0");
            double gbps = a.real("--bandwidth-gbps", "10");
            double latency = a.real("--latency-ms", "0.5");
            if (executors < 1 || executors > 100_000) {
                throw new ConfigException("--executors must be 1 to 100000, got " + executors);
            }
            if (!(gbps > 0) || Double.isInfinite(gbps)) {
                throw new ConfigException(
                        "--bandwidth-gbps must be a positive number, got " + a.option("--bandwidth-gbps", ""));
            }
            if (!(latency >= 0) || Double.isInfinite(latency)) {
                throw new ConfigException("--latency-ms must be 0 or more, got " + a.option("--latency-ms", ""));
            }
            JobConfig cfg = ConfigFiles.read(file, new Configuration());
            if (cfg.data().format() == DataFormat.TEXT) {
                throw cfg.formatRefused("plan measures a table's network (a text's depends on its vocabulary)");
            }
            print(out, file, cfg, executors, gbps, latency);
            return ExitCode.OK;
        });
    }

    private static void print(PrintStream out, String file, JobConfig cfg, int executors, double gbps, double latency) {
        int batch = cfg.training().batchSize();
        CostModel.Workload w = StepProbe.measure(
                cfg.network(),
                cfg.precision(),
                cfg.optimizer(),
                cfg.training().gradientWire(),
                batch,
                Math.min(batch, 256),
                6);
        double rate = StepProbe.sumBytesPerSecond(cfg.network().paramCount(), cfg.precision());
        CostModel measured = new CostModel(withRate(CostModel.Constants.MEASURED, gbps, latency, rate));
        CostModel quiet = new CostModel(withRate(CostModel.Constants.QUIET, gbps, latency, rate));
        String wire = cfg.training().gradientWire().text();
        out.printf(
                Locale.ROOT,
                "plan: %s: %,d parameters (%.2f MB of %s), global batch %,d, %s wire; %d executors of one core,"
                        + " %.3g Gb/s links, %.3g ms a message%n",
                file,
                w.params(),
                w.params() * (double) w.precisionBytes() / 1e6,
                cfg.precision().name().toLowerCase(Locale.ROOT),
                batch,
                wire,
                executors,
                gbps,
                latency);
        out.printf(
                Locale.ROOT,
                "measured here on one core: %.4f ms an example (forward and backward), update %.2f ms (%s), sums at %.2f GB/s%n",
                w.computeMsPerExample(),
                w.updateMs(),
                StepProbe.timedAs(cfg.optimizer()),
                rate / 1e9);
        CostModel.Constants a = CostModel.Constants.MEASURED;
        CostModel.Constants b = CostModel.Constants.QUIET;
        out.printf(
                Locale.ROOT,
                "overheads: A = as measured on the benchmark cluster (job %.1f ms, %.1f ms a task: an upper bound),"
                        + " B = Spark's low-load floor (job %.0f ms, stage %.0f ms, %.0f ms a task)%n",
                a.jobMs(),
                a.taskMs(),
                b.jobMs(),
                b.stageMs(),
                b.taskMs());
        out.printf(
                Locale.ROOT,
                "%-15s %12s %12s %12s %6s %10s %8s %10s %8s%n",
                "aggregation",
                "driver in MB",
                "broadcast MB",
                "shuffle MB",
                "tasks",
                "A step ms",
                "A eff.",
                "B step ms",
                "B eff.");
        for (AggregationMode m : MODES) {
            CostModel.Prediction p = measured.predict(w, m, executors);
            CostModel.Prediction q = quiet.predict(w, m, executors);
            out.printf(
                    Locale.ROOT,
                    "%-15s %12.2f %12.2f %12.2f %6d %10.1f %8.2f %10.1f %8.2f%n",
                    name(m),
                    p.bytes().driverIn() / 1e6,
                    p.bytes().broadcast() / 1e6,
                    p.bytes().shuffle() / 1e6,
                    p.bytes().tasks(),
                    p.stepMs(),
                    measured.efficiency(w, m, executors),
                    q.stepMs(),
                    quiet.efficiency(w, m, executors));
        }
        AggregationMode configured = cfg.training().aggregation();
        AggregationMode resolved = measured.predict(w, configured, executors).mode();
        out.printf(
                Locale.ROOT,
                "the config's aggregation: %s%s%n",
                configured.text(),
                configured == AggregationMode.AUTO ? " (picks " + name(resolved) + " here)" : "");
        pick(out, "A", measured, w, executors);
        pick(out, "B", quiet, w, executors);
    }

    private static void pick(PrintStream out, String label, CostModel model, CostModel.Workload w, int executors) {
        CostModel.Prediction best = model.best(w, executors, MODES);
        int b = model.smallestBatch(w, best.mode(), executors, 0.8);
        out.printf(
                Locale.ROOT,
                "pick (%s): %s, %.1f ms a step at batch %,d; 80%% efficiency from a global batch of %s%n",
                label,
                name(best.mode()),
                best.stepMs(),
                w.batch(),
                b < 0 ? "none up to 33,554,432" : String.format(Locale.ROOT, "%,d", b));
    }

    private static CostModel.Constants withRate(CostModel.Constants c, double gbps, double latency, double rate) {
        return new CostModel.Constants(c.jobMs(), c.stageMs(), c.taskMs(), CostModel.gbps(gbps), latency, rate);
    }

    static String name(AggregationMode m) {
        return m.text().replace('_', ' ').replace("reduce scatter", "reduce-scatter");
    }
}
