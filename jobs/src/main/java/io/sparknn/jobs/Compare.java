package io.sparknn.jobs;

import io.sparknn.trainer.config.ConfigException;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.run.Compute;
import io.sparknn.trainer.tune.Comparison;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code compare <config> --optimizers sgd,momentum,adam,... --trials N [--target 0.97]
 * [--budget-minutes M] [--out DIR]}: an equal-budget comparison of optimizers on the config
 * ({@link Comparison}); prints the table and writes {@code comparison.json}, {@code comparison.md},
 * {@code comparison.html} and every trial's run directory to {@code --out} (default
 * {@code <output.dir>/compare/}). Run again, it resumes. An unknown optimizer, one without a
 * documented search space or a bad option value is a config error (exit 3).
 */
public final class Compare {
    static final String USAGE = "usage: compare <config.json> --optimizers sgd,momentum,adam,... --trials N "
            + "[--target 0.97] [--budget-minutes M] [--out DIR]";

    private Compare() {}

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /** Runs the job and returns its {@link ExitCode}; never calls System.exit. */
    public static int run(String[] args, PrintStream err) {
        JobArgs a;
        try {
            a = JobArgs.parse(
                    args, Set.of("--optimizers", "--trials", "--target", "--budget-minutes", "--out"), Set.of());
        } catch (JobArgs.UsageException e) {
            err.println("compare: " + e.getMessage() + "\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        if (a.positional.size() != 1 || !a.flag("--optimizers") || !a.flag("--trials")) {
            err.println("compare: one config file, --optimizers and --trials expected\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        String file = a.positional.get(0);
        JobConfig[] early = new JobConfig[1];
        return JobRunner.run(
                "compare",
                err,
                () -> {
                    settings(a, null).candidates(); // names and values fail before Spark starts
                    early[0] = ConfigFiles.tables(ConfigFiles.readBeforeSpark(file));
                },
                spark -> {
                    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                    JobConfig cfg = early[0] != null
                            ? early[0]
                            : ConfigFiles.tables(ConfigFiles.read(file, sc.hadoopConfiguration()));
                    Comparison.run(
                            Compute.spark(sc), cfg, settings(a, cfg), DriverMemory.forDriver(cfg), System.out::println);
                    return ExitCode.OK;
                });
    }

    private static Comparison.Settings settings(JobArgs a, JobConfig cfg) {
        String out = a.option("--out", cfg == null ? "unused" : Comparison.defaultOut(cfg));
        if (out.isBlank()) {
            throw new ConfigException("compare: --out must not be empty");
        }
        return new Comparison.Settings(
                Arrays.stream(a.option("--optimizers", "").split(",", -1))
                        .map(String::strip)
                        .toList(),
                LrFind.whole(a, "--trials", "0"),
                LrFind.real(a, "--target", "NaN"),
                LrFind.real(a, "--budget-minutes", "0"),
                out);
    }
}
