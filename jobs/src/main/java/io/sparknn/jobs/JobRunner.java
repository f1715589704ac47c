package io.sparknn.jobs;

import io.sparknn.trainer.spark.SparkSetup;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job body with a Spark session and turns its outcome into an exit code and one line on
 * stderr. A context that already exists (a test, a notebook) is used and left running; one this
 * runner started is stopped.
 */
final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    /** A job's body. */
    interface Body {
        ExitCode run(SparkSession spark) throws Exception;
    }

    /** Checks that need no Spark (the config file, when it is readable here): they fail fast. */
    interface Check {
        void run() throws Exception;
    }

    /** Set by the JVM's shutdown (Ctrl-C, SIGTERM): failures after it are the interrupt's doing. */
    private static volatile boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shuttingDown = true, "sparknn-shutdown-flag"));
    }

    private JobRunner() {}

    static int run(String name, PrintStream err, Body body) {
        return run(name, err, () -> {}, body);
    }

    static int run(String name, PrintStream err, Check before, Body body) {
        boolean existed = SparkSession.getDefaultSession().isDefined()
                || SparkSession.getActiveSession().isDefined();
        SparkSession spark = null;
        try {
            before.run();
            spark = session(name, existed);
            return body.run(spark).code();
        } catch (Throwable t) {
            return failed(name, err, t, spark != null && spark.sparkContext().isStopped());
        } finally {
            if (spark != null && !existed) {
                spark.stop();
            }
        }
    }

    /** What a job does in this process without Spark. */
    @FunctionalInterface
    interface LocalBody {
        ExitCode run() throws Exception;
    }

    /**
     * Runs a job in this process without Spark ({@code --local}) and returns its exit code, with
     * the failures classified as {@link #run(String, PrintStream, Check, Body)} does.
     */
    static int inProcess(String name, PrintStream err, LocalBody body) {
        try {
            return body.run().code();
        } catch (Throwable t) {
            return failed(name, err, t, false);
        }
    }

    /** One line on {@code err} for a failure, with the stack trace only for a bug; its exit code. */
    private static int failed(String name, PrintStream err, Throwable t, boolean sparkStopped) {
        JobFailure.Classified c = shuttingDown
                ? new JobFailure.Classified(
                        ExitCode.INTERRUPTED,
                        "interrupted; rerun with output.mode auto to continue " + "from the last checkpoint")
                : JobFailure.classify(t, sparkStopped);
        if (c.code() == ExitCode.FAILED) {
            LOG.error("{} failed", name, t);
        }
        err.println(name + ": " + c.message());
        return c.code().code();
    }

    private static SparkSession session(String name, boolean existed) {
        if (existed) {
            return SparkSession.builder().getOrCreate();
        }
        SparkConf conf = new SparkConf().setAppName("sparknn " + name);
        conf.setIfMissing("spark.master", "local[*]");
        List<String> set = SparkSetup.apply(conf);
        if (!set.isEmpty()) {
            LOG.info("set {}", String.join(", ", set));
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
