package io.sparknn.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The PIDs of a cluster's processes, one file each under {@code <base>/pids/}, through which a
 * later command ({@code bin/sparknn-cluster stop}, or the next start on the same base) finds and
 * stops a cluster whose starting JVM is gone.
 */
final class PidFiles {
    private final Path base;
    private final Path pids;

    PidFiles(Path base) {
        this.base = base.toAbsolutePath().normalize();
        this.pids = this.base.resolve("pids");
    }

    /** Records the process {@code pid} as {@code <name>.pid}. */
    void record(String name, long pid) throws IOException {
        Files.createDirectories(pids);
        Files.writeString(pids.resolve(name + ".pid"), pid + "\n");
    }

    /**
     * Kills the recorded processes and their descendants, applications first and the master last,
     * checking each PID still runs a command that names this cluster's SPARK_HOME (a PID may have
     * been reused); deletes their files. Returns how many it killed.
     */
    int stopRecorded() throws IOException {
        if (!Files.isDirectory(pids)) {
            return 0;
        }
        String marker = base.resolve("spark-home").toString();
        List<Path> files;
        try (Stream<Path> s = Files.list(pids)) {
            files = s.filter(f -> f.toString().endsWith(".pid")).sorted().toList();
        }
        List<Path> ordered = new ArrayList<>(named(files, "app-"));
        ordered.addAll(named(files, "worker-"));
        ordered.addAll(files.stream().filter(f -> !ordered.contains(f)).toList());
        int killed = 0;
        for (Path f : ordered) {
            long pid = Long.parseLong(Files.readString(f).trim());
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent()
                    && h.get().isAlive()
                    && ProcessTree.commandLine(h.get()).contains(marker)) {
                ProcessTree.killTree(h.get());
                killed++;
            }
            Files.delete(f);
        }
        return killed;
    }

    /** Deletes every PID file, after the processes are known to be gone. */
    void deleteAll() {
        try {
            StandaloneCluster.deleteRecursively(pids);
        } catch (IOException e) {
            // best effort: a stale pid file is checked against the command line before use
        }
    }

    private static List<Path> named(List<Path> files, String prefix) {
        return files.stream()
                .filter(f -> f.getFileName().toString().startsWith(prefix))
                .toList();
    }
}
