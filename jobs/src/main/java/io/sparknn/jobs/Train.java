package io.sparknn.jobs;

import io.sparknn.trainer.config.DataFormat;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.run.Compute;
import io.sparknn.trainer.run.TrainingRun;
import java.io.PrintStream;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkUserAppException;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code spark-submit --class io.sparknn.jobs.Train sparknn-jobs.jar <config.json> [--local] [--allow-config-change]}:
 * trains the network the config describes ({@link TrainingRun}) and writes the model, metrics,
 * evaluation, run information and {@code _SUCCESS} to its output directory. {@code --local}
 * trains a text config in this process without Spark (the single-process reference);
 * {@code --allow-config-change} lets a resume continue with settings that differ from its
 * checkpoint's. {@code char-lm} is the same job under the name of earlier versions; it checks that
 * the config is a text's.
 */
public final class Train {
    static final String USAGE = "usage: train <config.json> [--local] [--allow-config-change]";

    private Train() {}

    public static void main(String[] args) throws SparkUserAppException {
        JobExit.exit(run(args, System.err));
    }

    /** Runs the job and returns its {@link ExitCode}; never calls System.exit. */
    public static int run(String[] args, PrintStream err) {
        return run("train", false, args, err);
    }

    /**
     * @param name     the name it was called by, for messages
     * @param textOnly refuse a config that is not a text's (the name char-lm)
     */
    static int run(String name, boolean textOnly, String[] args, PrintStream err) {
        JobArgs a;
        try {
            a = JobArgs.parse(args, Set.of(), Set.of("--local", "--allow-config-change"));
        } catch (JobArgs.UsageException e) {
            err.println(name + ": " + e.getMessage() + "\n" + USAGE.replace("train", name));
            return ExitCode.USAGE.code();
        }
        if (a.positional.size() != 1) {
            err.println(name + ": one config file expected\n" + USAGE.replace("train", name));
            return ExitCode.USAGE.code();
        }
        String file = a.positional.get(0);
        boolean allowChange = a.flag("--allow-config-change");
        if (a.flag("--local")) {
            return JobRunner.inProcess(name, err, () -> {
                JobConfig cfg = checked(textOnly, ConfigFiles.read(file, new Configuration()));
                run(Compute.inProcess(new Configuration()), cfg, allowChange);
                return ExitCode.OK;
            });
        }
        JobConfig[] early = new JobConfig[1];
        return JobRunner.run(
                name, err, () -> early[0] = checked(textOnly, ConfigFiles.readBeforeSpark(file)), spark -> {
                    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                    JobConfig cfg = early[0] != null
                            ? early[0]
                            : checked(textOnly, ConfigFiles.read(file, sc.hadoopConfiguration()));
                    TrainingRun.Outcome o = run(Compute.spark(sc), cfg, allowChange);
                    if (o.evaluation() != null) {
                        System.out.println(o.evaluation().report());
                    }
                    return ExitCode.OK;
                });
    }

    private static TrainingRun.Outcome run(Compute compute, JobConfig cfg, boolean allowChange)
            throws java.io.IOException {
        // the driver holds the parameters, gradients and optimizer state (in process, so does this JVM)
        return new TrainingRun(compute, cfg, allowChange)
                .checkingNetwork(DriverMemory.forDriver(cfg))
                .run();
    }

    /** {@code cfg} (null: not read yet), refused under {@code textOnly} unless it is a text's. */
    private static JobConfig checked(boolean textOnly, JobConfig cfg) {
        if (cfg != null && textOnly && cfg.data().format() != DataFormat.TEXT) {
            throw cfg.formatRefused("char-lm trains a text (format text); train this config with train");
        }
        return cfg;
    }
}
