package io.sparknn.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The loss of one executor as a driver's {@link SchedulerEvent}s tell it: the executors there were
 * when it was removed, those added afterwards, and for each partition the executor of its last
 * successful task launched before the removal and of its first launched after. Tasks are placed by
 * launch time, not by the order their ends were delivered: a task that succeeded on the executor
 * just before it was killed may be reported after the removal.
 */
public record ExecutorLoss(
        String removed,
        List<String> executorsBefore,
        List<String> addedAfter,
        Map<Integer, String> lastBefore,
        Map<Integer, String> firstAfter) {

    /** Throws {@link AssertionError} if the events hold no removal of {@code executorId}. */
    public static ExecutorLoss of(List<SchedulerEvent> events, String executorId) {
        SchedulerEvent removal = events.stream()
                .filter(e -> e.kind() == SchedulerEvent.Kind.EXECUTOR_REMOVED
                        && e.executorId().equals(executorId))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "the driver's listener saw no removal of executor " + executorId + ": " + events));
        int at = events.indexOf(removal);
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).kind() == SchedulerEvent.Kind.EXECUTOR_ADDED) {
                (i < at ? before : after).add(events.get(i).executorId());
            }
        }
        Map<Integer, String> lastBefore = new TreeMap<>();
        Map<Integer, String> firstAfter = new TreeMap<>();
        events.stream()
                .filter(e -> e.kind() == SchedulerEvent.Kind.TASK_END && e.successful())
                .sorted(Comparator.comparingLong(SchedulerEvent::millis))
                .forEach(e -> {
                    if (e.millis() < removal.millis()) {
                        lastBefore.put(e.partition(), e.executorId());
                    } else {
                        firstAfter.putIfAbsent(e.partition(), e.executorId());
                    }
                });
        return new ExecutorLoss(executorId, List.copyOf(before), List.copyOf(after), lastBefore, firstAfter);
    }

    /** The partitions whose last successful task before the removal ran on the removed executor. */
    public List<Integer> partitionsOfRemoved() {
        return lastBefore.entrySet().stream()
                .filter(e -> e.getValue().equals(removed))
                .map(Map.Entry::getKey)
                .toList();
    }
}
