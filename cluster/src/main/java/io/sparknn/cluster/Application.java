package io.sparknn.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A submitted Spark application: its driver process (SparkSubmit in client mode) and its log. */
public final class Application {
    private final String name;
    private final Process process;
    private final Path log;
    private final Consumer<ProcessHandle> onEnd;
    private final long startNanos = System.nanoTime();

    Application(String name, Process process, Path log, Consumer<ProcessHandle> onEnd) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.onEnd = onEnd;
    }

    public ProcessHandle driver() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return log;
    }

    /** The driver's stdout and stderr so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds since submission. */
    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Waits for the driver to exit and returns its exit code; past {@code timeout} it kills the
     * driver and its children and throws.
     */
    public int await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("application " + name + " did not finish within " + timeout
                        + "; killed it. Log " + log + ":\n" + tail(60));
            }
            onEnd.accept(process.toHandle());
            return process.exitValue();
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL to the driver JVM (and anything it started); returns once it is gone. */
    public void kill() {
        ProcessTree.killTree(process.toHandle());
        onEnd.accept(process.toHandle());
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String tail(int lines) {
        String[] all = log().split("\n");
        StringBuilder b = new StringBuilder();
        for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
            b.append(all[i]).append('\n');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "application " + name + " (pid " + process.pid() + ")";
    }
}
