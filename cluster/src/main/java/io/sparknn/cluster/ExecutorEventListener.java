package io.sparknn.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;

/**
 * Runs in a cluster test's driver (a separate SparkSubmit process; registered through
 * {@code spark.extraListeners} from the {@link HookJar}) and appends each {@link SchedulerEvent} to
 * the file named by {@value #EVENTS_FILE}, so the test can see which executor ran which partition
 * and which executor the driver removed.
 */
public class ExecutorEventListener extends SparkListener {
    /** The Spark setting that names the events file (a local path on the driver's machine). */
    public static final String EVENTS_FILE = "spark.sparknn.test.eventsFile";

    private final Path file;

    public ExecutorEventListener(SparkConf conf) {
        this.file = Path.of(conf.get(EVENTS_FILE));
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded e) {
        append(SchedulerEvent.executor(SchedulerEvent.Kind.EXECUTOR_ADDED, e.time(), e.executorId()));
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
        append(SchedulerEvent.executor(SchedulerEvent.Kind.EXECUTOR_REMOVED, e.time(), e.executorId()));
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        TaskInfo t = e.taskInfo();
        // the launch time, not the delivery order: a task that succeeded just before its executor
        // was killed may be reported after the executor's removal
        append(SchedulerEvent.taskEnd(t.launchTime(), t.executorId(), e.stageId(), t.partitionId(), t.successful()));
    }

    /** One write of a whole line: a reader never sees half an event followed by another. */
    private synchronized void append(SchedulerEvent event) {
        try {
            Files.writeString(
                    file, event.line(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            throw new UncheckedIOException("writing " + file, ex); // Spark logs it; the test then misses the event
        }
    }
}
