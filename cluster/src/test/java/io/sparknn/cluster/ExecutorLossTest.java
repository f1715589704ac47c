package io.sparknn.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.cluster.SchedulerEvent.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the cluster test reads an executor loss out of the events its driver's listener wrote. */
class ExecutorLossTest {
    @TempDir
    Path tmp;

    /**
     * Executors 0 and 1; 1 computes partitions 1 and 2 and is removed at t=100. Its task of
     * partition 2 launched at t=90 succeeded but is delivered after the removal; a replacement,
     * executor 2, joins and runs partition 1 only after 0 has.
     */
    private static final List<SchedulerEvent> EVENTS = List.of(
            SchedulerEvent.executor(Kind.EXECUTOR_ADDED, 1, "0"),
            SchedulerEvent.executor(Kind.EXECUTOR_ADDED, 2, "1"),
            SchedulerEvent.taskEnd(10, "0", 5, 0, true),
            SchedulerEvent.taskEnd(11, "1", 5, 1, true),
            SchedulerEvent.taskEnd(12, "1", 5, 2, true),
            SchedulerEvent.taskEnd(90, "0", 6, 0, true),
            SchedulerEvent.taskEnd(90, "1", 6, 1, false),
            SchedulerEvent.executor(Kind.EXECUTOR_REMOVED, 100, "1"),
            SchedulerEvent.taskEnd(90, "1", 6, 2, true),
            SchedulerEvent.taskEnd(101, "0", 6, 1, true),
            SchedulerEvent.executor(Kind.EXECUTOR_ADDED, 150, "2"),
            SchedulerEvent.taskEnd(160, "0", 7, 0, true),
            SchedulerEvent.taskEnd(161, "0", 7, 2, true),
            SchedulerEvent.taskEnd(170, "2", 8, 1, true));

    @Test
    void tasksArePlacedBeforeOrAfterTheRemovalByLaunchTimeNotByDeliveryOrder() {
        ExecutorLoss loss = ExecutorLoss.of(EVENTS, "1");
        assertEquals(List.of("0", "1"), loss.executorsBefore());
        assertEquals(List.of("2"), loss.addedAfter());
        assertEquals(Map.of(0, "0", 1, "1", 2, "1"), loss.lastBefore());
        assertEquals(Map.of(0, "0", 1, "0", 2, "0"), loss.firstAfter());
        assertEquals(List.of(1, 2), loss.partitionsOfRemoved());
    }

    @Test
    void noRemovalOfTheExecutorIsAnAssertionFailure() {
        AssertionError e = assertThrows(AssertionError.class, () -> ExecutorLoss.of(EVENTS, "0"));
        assertTrue(e.getMessage().startsWith("the driver's listener saw no removal of executor 0: "), e.getMessage());
    }

    @Test
    void theEventsFileRoundTripsAndAHalfWrittenLastLineIsLeftForLater() throws IOException {
        Path file = tmp.resolve("app.events");
        StringBuilder text = new StringBuilder();
        EVENTS.forEach(e -> text.append(e.line()));
        Files.writeString(file, text + "TASK_END\t171\t2\t8");
        assertEquals(EVENTS, SchedulerEvent.read(file));
        assertEquals(List.of(), SchedulerEvent.read(tmp.resolve("absent.events")));
    }
}
