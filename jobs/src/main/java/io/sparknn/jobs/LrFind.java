package io.sparknn.jobs;

import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.tune.LrFinder;
import java.io.PrintStream;
import java.util.Set;
import org.apache.spark.SparkUserAppException;

/**
 * {@code lr-find <config> [--start 1e-7] [--end 10] [--steps 100] [--out DIR]}: Smith's
 * learning-rate range test on the config's network, data, global batch and master
 * ({@link LrFinder}); prints what it ignores of the config, why the sweep stopped and the suggested
 * rates, and writes {@code lr-find.json} and {@code lr-find.html} to {@code --out} (default
 * {@code <output.dir>/lr-find/}). A sweep that diverges has done its job: exit 0. A bad option value
 * is a config error (exit 3), as a bad key in the config is.
 */
public final class LrFind {
    static final String USAGE = "usage: lr-find <config.json> [--start 1e-7] [--end 10] [--steps 100] [--out DIR]";

    private LrFind() {}

    public static void main(String[] args) throws SparkUserAppException {
        JobExit.exit(run(args, System.err));
    }

    /** Runs the job and returns its {@link ExitCode}; never calls System.exit. */
    public static int run(String[] args, PrintStream err) {
        JobArgs a;
        try {
            a = JobArgs.parse(args, Set.of("--start", "--end", "--steps", "--out"), Set.of());
        } catch (JobArgs.UsageException e) {
            err.println("lr-find: " + e.getMessage() + "\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        if (a.positional.size() != 1) {
            err.println("lr-find: one config file expected\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        return ConfigTool.run(
                "lr-find",
                a.positional.get(0),
                err,
                cfg -> cfg,
                () -> settings(a, null), // option values fail before Spark starts
                (compute, cfg) ->
                        LrFinder.run(compute, cfg, settings(a, cfg), DriverMemory.forDriver(cfg), System.out::println));
    }

    /** The sweep's settings; {@code cfg} null: checked without the default output directory. */
    private static LrFinder.Settings settings(JobArgs a, JobConfig cfg) {
        return new LrFinder.Settings(
                a.real("--start", "1e-7"),
                a.real("--end", "10"),
                a.whole("--steps", "100"),
                a.outDir("lr-find", cfg == null ? "unused" : LrFinder.defaultOut(cfg)));
    }
}
