package io.sparknn.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One event {@link ExecutorEventListener} saw in a driver, as one tab-separated line of its events
 * file: an executor added or removed, or a task attempt's end with the partition it computed, the
 * executor it ran on and whether it succeeded. {@code millis} is the event's time, for a task its
 * launch time (both from the driver's clock).
 */
public record SchedulerEvent(Kind kind, long millis, String executorId, int stage, int partition, boolean successful) {
    public enum Kind {
        EXECUTOR_ADDED,
        EXECUTOR_REMOVED,
        TASK_END
    }

    public static SchedulerEvent executor(Kind kind, long millis, String executorId) {
        return new SchedulerEvent(kind, millis, executorId, -1, -1, false);
    }

    public static SchedulerEvent taskEnd(
            long launchMillis, String executorId, int stage, int partition, boolean successful) {
        return new SchedulerEvent(Kind.TASK_END, launchMillis, executorId, stage, partition, successful);
    }

    public String line() {
        return String.join(
                        "\t",
                        kind.name(),
                        String.valueOf(millis),
                        executorId,
                        String.valueOf(stage),
                        String.valueOf(partition),
                        String.valueOf(successful))
                + "\n";
    }

    static SchedulerEvent parse(String line) {
        String[] f = line.split("\t");
        return new SchedulerEvent(
                Kind.valueOf(f[0]),
                Long.parseLong(f[1]),
                f[2],
                Integer.parseInt(f[3]),
                Integer.parseInt(f[4]),
                Boolean.parseBoolean(f[5]));
    }

    /** The events written so far, in the order the driver's listener bus delivered them; none if no file yet. */
    public static List<SchedulerEvent> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<SchedulerEvent> out = new ArrayList<>();
        // the last line may still be being written: only lines with their newline count
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            if (!line.isEmpty()) {
                out.add(parse(line));
            }
        }
        return out;
    }
}
