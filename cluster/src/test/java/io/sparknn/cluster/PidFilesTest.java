package io.sparknn.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sparknn-cluster stop} kills by recorded PID; a PID the system has since given to an
 * unrelated process must survive it. Real processes: a shell whose command line names (or does not
 * name) the cluster's SPARK_HOME.
 */
class PidFilesTest {
    @Test
    void stopKillsTheRecordedProcessesOfThisClusterAndSparesAReusedPid(@TempDir Path base)
            throws IOException, InterruptedException {
        Process ours =
                shell("sleep 120; true # " + base.toAbsolutePath().normalize().resolve("spark-home"));
        Process stranger = shell("sleep 120; true # someone else's process");
        try {
            PidFiles pids = new PidFiles(base);
            pids.record("worker-1", ours.pid());
            pids.record("app-x", stranger.pid());
            assertEquals(1, pids.stopRecorded(), "only the process naming this cluster's SPARK_HOME");
            assertTrue(ours.waitFor(30, TimeUnit.SECONDS), "the cluster's process is gone");
            assertTrue(stranger.isAlive(), "a reused PID is not killed");
            try (var files = Files.list(base.resolve("pids"))) {
                assertEquals(List.of(), files.toList(), "every PID file is deleted");
            }
            assertEquals(0, pids.stopRecorded(), "a second stop finds nothing");
        } finally {
            ours.destroyForcibly();
            stranger.destroyForcibly();
        }
    }

    @Test
    void aBaseWithoutPidFilesStopsNothing(@TempDir Path base) throws IOException {
        PidFiles pids = new PidFiles(base.resolve("never-started"));
        assertEquals(0, pids.stopRecorded());
        pids.deleteAll();
        assertFalse(Files.exists(base.resolve("never-started")));
    }

    /** Two commands, so that no shell replaces itself with {@code sleep} and drops the comment. */
    private static Process shell(String command) throws IOException {
        return new ProcessBuilder("/bin/sh", "-c", command).start();
    }
}
