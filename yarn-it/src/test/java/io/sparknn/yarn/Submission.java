package io.sparknn.yarn;

import io.sparknn.cluster.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code SparkSubmit} process: in YARN's cluster mode the client that submits the application
 * and reports on it until it ends (its exit code is then YARN's verdict), in local mode the driver.
 */
final class Submission {
    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path log;
    private final long startNanos = System.nanoTime();

    Submission(String name, List<String> command, Process process, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.log = log;
    }

    String name() {
        return name;
    }

    /** The command line it was started with. */
    List<String> command() {
        return command;
    }

    /** The arguments after the SparkSubmit class name, for the log. */
    String arguments() {
        return String.join(
                " ", command.subList(command.indexOf("org.apache.spark.deploy.SparkSubmit") + 1, command.size()));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Seconds since it started. */
    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Waits for the process and returns its exit code; past {@code timeout} it kills it and fails. */
    int await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError(
                        "submission " + name + " did not finish within " + timeout + "; killed it:\n" + tail(60));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL to the process and its children (a no-op once it has ended). */
    void kill() {
        ProcessTree.killTree(process.toHandle());
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail(int lines) {
        return Submission.tail(log(), lines);
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        StringBuilder b = new StringBuilder();
        for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
            b.append(all[i]).append('\n');
        }
        return b.toString();
    }
}
