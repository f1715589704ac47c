package io.sparknn.jobs;

import io.sparknn.engine.SparknnException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkThrowable;

/**
 * Maps what went wrong to an exit code and one clear message. Errors raised inside Spark tasks
 * arrive wrapped in a SparkException: the cause chain is searched for the first of the project's
 * errors ({@link SparknnException}), whose kind decides the code. Spark's own reports of an
 * interrupt are told by their error condition and by the context's state, never by their text.
 */
final class JobFailure {
    /**
     * Spark's error condition for a cancelled job, whoever cancelled it (a job, group or tag
     * cancelled, the application killed from the UI or the cluster manager).
     */
    static final String SPARK_JOB_CANCELLED = "SPARK_JOB_CANCELLED";

    private JobFailure() {}

    /** The exit code and message for a throwable raised where no SparkContext runs (or one still running). */
    static Classified classify(Throwable t) {
        return classify(t, false);
    }

    /**
     * The exit code and message for a throwable, looking through wrapping exceptions.
     *
     * @param sparkStopped whether the job's SparkContext had stopped by the time {@code t} arrived: a
     *                     context stopped under a running job (its shutdown hook, the application
     *                     killed) fails the job with a plain SparkException that has no condition
     */
    static Classified classify(Throwable t, boolean sparkStopped) {
        for (Throwable c : chain(t)) {
            if (c instanceof SparknnException e) {
                return new Classified(ExitCode.of(e.kind()), e.getMessage());
            }
        }
        if (sparkStopped || interrupted(t)) {
            return new Classified(ExitCode.INTERRUPTED, "interrupted: " + t.getMessage());
        }
        return new Classified(ExitCode.FAILED, t.toString());
    }

    private static boolean interrupted(Throwable t) {
        for (Throwable c : chain(t)) {
            if (c instanceof InterruptedException
                    || c instanceof SparkThrowable s && SPARK_JOB_CANCELLED.equals(s.getCondition())) {
                return true;
            }
        }
        return false;
    }

    /** {@code t} and its causes, outermost first; a cause that repeats ends the walk. */
    private static List<Throwable> chain(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    record Classified(ExitCode code, String message) {}
}
