package io.sparknn.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * An executor JVM ({@code CoarseGrainedExecutorBackend}) found among a worker's child processes,
 * with the application and executor ids read from its command line.
 */
public record ClusterExecutor(int worker, ProcessHandle process, String appId, String executorId, String commandLine) {
    private static final String EXECUTOR_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

    /** The live executors that worker {@code worker} (0-based) started. */
    static List<ClusterExecutor> childrenOf(int worker, ProcessHandle workerProcess) {
        return workerProcess
                .descendants()
                .filter(ProcessHandle::isAlive)
                .map(p -> new Candidate(p, ProcessTree.commandLine(p)))
                .filter(c -> c.commandLine().contains(EXECUTOR_CLASS))
                .map(c -> new ClusterExecutor(
                        worker,
                        c.process(),
                        argument(c.commandLine(), "--app-id"),
                        argument(c.commandLine(), "--executor-id"),
                        c.commandLine()))
                .toList();
    }

    /** The executor's stderr under the worker's work directory. */
    public Path stderr(StandaloneCluster c) {
        return c.workDir(worker).resolve(appId).resolve(executorId).resolve("stderr");
    }

    private record Candidate(ProcessHandle process, String commandLine) {}

    private static String argument(String cmd, String flag) {
        String[] parts = cmd.split(" ");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equals(flag)) {
                return parts[i + 1];
            }
        }
        return "?";
    }
}
