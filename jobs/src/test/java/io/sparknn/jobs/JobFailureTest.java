package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.SparknnException;
import io.sparknn.engine.io.ModelFileException;
import io.sparknn.trainer.data.DataException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exit code of a failure comes from the kind of the project's first error in its cause chain,
 * and an interrupt is told by Spark's error condition or a stopped context, never by the text of a
 * message.
 */
class JobFailureTest {
    /** Tasks of {@link #runBlocked} wait for this; static because local tasks run in this JVM. */
    private static volatile CountDownLatch release = new CountDownLatch(0);

    private static volatile CountDownLatch started = new CountDownLatch(0);

    @AfterEach
    void releaseTasks() {
        release.countDown();
    }

    @Test
    void everyKindHasTheExitCodeOfItsNumberAndNoTwoCodesAreEqual() {
        for (SparknnException.Kind k : SparknnException.Kind.values()) {
            assertEquals(k.name(), ExitCode.of(k).name());
            assertEquals(k.exitCode(), ExitCode.of(k).code());
        }
        Set<Integer> codes = new HashSet<>();
        for (ExitCode c : ExitCode.values()) {
            assertTrue(codes.add(c.code()), "exit code " + c.code() + " is used twice");
        }
        assertEquals(
                List.of(0, 1, 2, 3, 4, 5, 6, 7, 130),
                List.of(ExitCode.values()).stream().map(ExitCode::code).toList());
    }

    /** As an error thrown in a Spark task arrives on the driver. */
    @Test
    void theFirstProjectErrorInTheCauseChainDecidesTheCodeAndTheMessage() {
        DataException data = DataException.atLine("d.csv", 3, "expected 4 columns, got 3");
        SparkException wrapped = new SparkException(
                "Job aborted due to stage failure: Task 0 failed", new RuntimeException("wrapper", data));
        JobFailure.Classified c = JobFailure.classify(wrapped);
        assertEquals(ExitCode.BAD_DATA, c.code());
        assertEquals("d.csv line 3: expected 4 columns, got 3", c.message());
        // the outermost of the project's errors wins over one it wraps
        ModelFileException model = new ModelFileException("m.bin", "truncated", data);
        assertEquals(
                new JobFailure.Classified(ExitCode.BAD_MODEL, "model file m.bin: truncated"),
                JobFailure.classify(new SparkException("failed", model)));
    }

    /** A bug's message that happens to say "cancelled" is still a bug: code 1, with its stack trace logged. */
    @Test
    void anUnexpectedFailureMentioningCancellationIsNoInterrupt() {
        IllegalStateException bug = new IllegalStateException("the upload was cancelled");
        assertEquals(
                ExitCode.FAILED,
                JobFailure.classify(new SparkException("task failed", bug)).code());
        assertEquals(
                ExitCode.FAILED,
                JobFailure.classify(new IllegalStateException("SparkContext was shut down by a bug"))
                        .code());
    }

    @Test
    void anInterruptedThreadInTheChainIsAnInterrupt() {
        JobFailure.Classified c = JobFailure.classify(new RuntimeException("waiting", new InterruptedException()));
        assertEquals(new JobFailure.Classified(ExitCode.INTERRUPTED, "interrupted: waiting"), c);
    }

    @Test
    void aJobCancelledInSparkEndsAsInterrupted() throws Exception {
        JobTestSupport.spark();
        SparkContext sc = SparkSession.active().sparkContext();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = JobRunner.run("train", new PrintStream(err, true, StandardCharsets.UTF_8), spark -> {
            Thread canceller = afterTasksStart(sc::cancelAllJobs);
            runBlocked(sc);
            canceller.join();
            return ExitCode.OK;
        });
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCode.INTERRUPTED.code(), code, printed);
        assertTrue(printed.startsWith("train: interrupted: "), printed);
        assertTrue(printed.contains("SPARK_JOB_CANCELLED"), printed);
    }

    /** Spark fails a job whose context stops under it with a SparkException that has no error condition. */
    @Test
    void aJobWhoseSparkContextStopsEndsAsInterrupted() throws Exception {
        JobTestSupport.spark();
        SparkContext sc = SparkSession.active().sparkContext();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread[] stopper = new Thread[1];
        try {
            int code = JobRunner.run("train", new PrintStream(err, true, StandardCharsets.UTF_8), spark -> {
                stopper[0] = afterTasksStart(sc::stop);
                runBlocked(sc);
                return ExitCode.OK;
            });
            String printed = err.toString(StandardCharsets.UTF_8);
            assertEquals(ExitCode.INTERRUPTED.code(), code, printed);
            assertTrue(printed.startsWith("train: interrupted: "), printed);
        } finally {
            release.countDown();
            stopper[0].join(TimeUnit.MINUTES.toMillis(1));
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession(); // the next test starts a new context
        }
        assertTrue(sc.isStopped());
        assertNotEquals(
                ExitCode.INTERRUPTED,
                JobFailure.classify(new SparkException("any failure"), false).code());
    }

    /** Runs {@code action} in a new thread once the tasks of {@link #runBlocked} run. */
    private static Thread afterTasksStart(Runnable action) {
        release = new CountDownLatch(1);
        started = new CountDownLatch(2);
        Thread t = new Thread(
                () -> {
                    try {
                        if (started.await(1, TimeUnit.MINUTES)) {
                            action.run();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "job-failure-test");
        t.start();
        return t;
    }

    /** A job of two tasks that wait until released (at most a minute). */
    private static void runBlocked(SparkContext sc) {
        new JavaSparkContext(sc).parallelize(List.of(1, 2), 2).foreach(x -> {
            started.countDown();
            release.await(1, TimeUnit.MINUTES);
        });
    }
}
