package io.sparknn.jobs;

import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.run.Compute;
import java.io.PrintStream;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The run of a driver-side tool on one job config ({@code lr-find}, {@code compare}): the tool's
 * options, then the config where the file is readable before Spark starts, fail before a Spark
 * context exists; then the tool runs on the context. A config found only once Spark runs (on a
 * remote file system, or a bare name shipped with {@code --files}) is read then.
 */
final class ConfigTool {
    /** What the tool does with the run's compute and the config. */
    interface Body {
        void run(Compute compute, JobConfig cfg) throws Exception;
    }

    private ConfigTool() {}

    /**
     * @param prepared what the tool needs of the config beyond the reader's checks (e.g. {@link
     *     ConfigFiles#tables}), applied to it wherever it is read
     * @param options the tool's own option checks, before the config is read
     */
    static int run(
            String name,
            String file,
            PrintStream err,
            UnaryOperator<JobConfig> prepared,
            JobRunner.Check options,
            Body body) {
        JobConfig[] early = new JobConfig[1];
        return JobRunner.run(
                name,
                err,
                () -> {
                    options.run();
                    early[0] = prepared.apply(ConfigFiles.readBeforeSpark(file));
                },
                spark -> {
                    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                    JobConfig cfg = early[0] != null
                            ? early[0]
                            : prepared.apply(ConfigFiles.read(file, sc.hadoopConfiguration()));
                    body.run(Compute.spark(sc), cfg);
                    return ExitCode.OK;
                });
    }
}
