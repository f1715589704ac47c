package io.sparknn.jobs;

import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.tune.Comparison;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;
import org.apache.spark.SparkUserAppException;

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

    public static void main(String[] args) throws SparkUserAppException {
        JobExit.exit(run(args, System.err));
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
        return ConfigTool.run(
                "compare",
                a.positional.get(0),
                err,
                ConfigFiles::tables,
                () -> settings(a, null).candidates(), // names and values fail before Spark starts
                (compute, cfg) -> Comparison.run(
                        compute, cfg, settings(a, cfg), DriverMemory.forDriver(cfg), System.out::println));
    }

    private static Comparison.Settings settings(JobArgs a, JobConfig cfg) {
        String out = a.outDir("compare", cfg == null ? "unused" : Comparison.defaultOut(cfg));
        return new Comparison.Settings(
                Arrays.stream(a.option("--optimizers", "").split(",", -1))
                        .map(String::strip)
                        .toList(),
                a.whole("--trials", "0"),
                a.real("--target", "NaN"),
                a.real("--budget-minutes", "0"),
                out);
    }
}
