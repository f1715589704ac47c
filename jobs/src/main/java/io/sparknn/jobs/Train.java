package io.sparknn.jobs;

import io.sparknn.trainer.TrainingJob;
import io.sparknn.trainer.config.JobConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code spark-submit --class io.sparknn.jobs.Train sparknn-jobs.jar <config.json> [--allow-config-change]}:
 * trains the network the config describes and writes the model, metrics, evaluation, run
 * information and {@code _SUCCESS} to its output directory.
 */
public final class Train {
    static final String USAGE = "usage: train <config.json> [--allow-config-change]";

    private Train() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /** Runs the job and returns its {@link ExitCode}; never calls System.exit. */
    public static int run(String[] args, PrintStream err) {
        List<String> positional = new ArrayList<>();
        boolean allowChange = false;
        for (String a : args) {
            if (a.equals("--allow-config-change")) {
                allowChange = true;
            } else if (a.startsWith("--")) {
                err.println("train: unknown option " + a + "\n" + USAGE);
                return ExitCode.USAGE.code();
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 1) {
            err.println("train: one config file expected\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        boolean allow = allowChange;
        JobConfig[] early = new JobConfig[1];
        return JobRunner.run("train", err, () -> early[0] = ConfigFiles.readBeforeSpark(positional.get(0)), spark -> {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            JobConfig cfg = early[0] != null ? early[0] : ConfigFiles.read(positional.get(0), sc.hadoopConfiguration());
            DriverMemory.check(cfg, Runtime.getRuntime().maxMemory());
            TrainingJob.Outcome o = new TrainingJob(sc, cfg, allow).run();
            if (o.evaluation() != null) {
                System.out.println(o.evaluation().report());
            }
            return ExitCode.OK;
        });
    }
}
