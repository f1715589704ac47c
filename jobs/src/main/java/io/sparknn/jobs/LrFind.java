package io.sparknn.jobs;

import io.sparknn.trainer.config.ConfigException;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.run.Compute;
import io.sparknn.trainer.tune.LrFinder;
import java.io.PrintStream;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;

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

    public static void main(String[] args) {
        System.exit(run(args, System.err));
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
        String file = a.positional.get(0);
        JobConfig[] early = new JobConfig[1];
        LrFinder.Settings[] settings = new LrFinder.Settings[1];
        return JobRunner.run(
                "lr-find",
                err,
                () -> {
                    settings[0] = settings(a, null); // option values fail before Spark starts
                    early[0] = ConfigFiles.readBeforeSpark(file);
                },
                spark -> {
                    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                    JobConfig cfg = early[0] != null ? early[0] : ConfigFiles.read(file, sc.hadoopConfiguration());
                    LrFinder.run(
                            Compute.spark(sc), cfg, settings(a, cfg), DriverMemory.forDriver(cfg), System.out::println);
                    return ExitCode.OK;
                });
    }

    /** The sweep's settings; {@code cfg} null: checked without the default output directory. */
    private static LrFinder.Settings settings(JobArgs a, JobConfig cfg) {
        String out = a.option("--out", cfg == null ? "unused" : LrFinder.defaultOut(cfg));
        if (out.isBlank()) {
            throw new ConfigException("lr-find: --out must not be empty");
        }
        return new LrFinder.Settings(
                real(a, "--start", "1e-7"), real(a, "--end", "10"), whole(a, "--steps", "100"), out);
    }

    static double real(JobArgs a, String option, String otherwise) {
        return parsed(a, option, otherwise, Double::parseDouble, "a number");
    }

    static int whole(JobArgs a, String option, String otherwise) {
        return parsed(a, option, otherwise, Integer::parseInt, "a whole number");
    }

    /** The option's value as {@code parse} reads it; a value it refuses is a config error saying what was wanted. */
    private static <T> T parsed(
            JobArgs a, String option, String otherwise, java.util.function.Function<String, T> parse, String what) {
        String v = a.option(option, otherwise);
        try {
            return parse.apply(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(option + " must be " + what + ", got '" + v + "'");
        }
    }
}
