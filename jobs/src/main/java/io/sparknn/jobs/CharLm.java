package io.sparknn.jobs;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.trainer.CharLmTraining;
import java.io.PrintStream;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code bin/sparknn char-lm <config.json> [--local] [--allow-config-change]}: trains a
 * character-level language model ({@link CharLmTraining}); {@code --local} computes in this process
 * without Spark (the single-process reference). The config, the text and the output directory may
 * be on any Hadoop file system; relative paths are relative to the working directory.
 * {@code output.mode} says what to do with a directory that holds a run, as for train;
 * {@code --allow-config-change} lets a resume continue with settings that differ from its checkpoint's.
 */
public final class CharLm {
    static final String USAGE = "usage: char-lm <config.json> [--local] [--allow-config-change]";

    private CharLm() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the job with its progress on stdout and returns its {@link ExitCode}; never calls System.exit. */
    public static int run(String[] args, PrintStream err) {
        return run(args, System.out, err);
    }

    /** @param out where the progress and the metrics lines go */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        JobArgs a;
        try {
            a = JobArgs.parse(args, Set.of(), Set.of("--local", "--allow-config-change"));
        } catch (JobArgs.UsageException e) {
            err.println("char-lm: " + e.getMessage() + "\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        if (a.positional.size() != 1) {
            err.println("char-lm: one config file expected\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        boolean allowChange = a.flag("--allow-config-change");
        try {
            String file = a.positional.get(0);
            var settings = CharLmTraining.Settings.parse(file, ConfigFiles.text(file, new Configuration()));
            // --local holds the same copies in this process as a driver does
            Consumer<NetworkSpec> fitsHeap = spec -> DriverMemory.check(settings.configFile(), spec, settings.precision(),
                    Runtime.getRuntime().maxMemory());
            if (a.flag("--local")) {
                CharLmTraining.run(null, settings, allowChange, out, fitsHeap);
                return ExitCode.OK.code();
            }
            return JobRunner.run("char-lm", err, spark -> {
                CharLmTraining.run(JavaSparkContext.fromSparkContext(spark.sparkContext()), settings, allowChange, out,
                        fitsHeap);
                return ExitCode.OK;
            });
        } catch (Exception e) {
            JobFailure.Classified c = JobFailure.classify(e);
            if (c.code() == ExitCode.FAILED) {
                e.printStackTrace(err); // a bug: the trace is what a report needs
            }
            err.println("char-lm: " + c.message());
            return c.code().code();
        }
    }
}
