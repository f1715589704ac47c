package io.sparknn.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for another process to reach a state, without waiting forever for one that has exited. */
public final class Polling {
    private Polling() {}

    /**
     * Polls {@code condition} every 100 ms until it holds; false after {@code timeout} or as soon
     * as {@code alive} turns false (the process being waited on exited).
     */
    public static boolean await(BooleanSupplier condition, BooleanSupplier alive, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!alive.getAsBoolean()) {
                return condition.getAsBoolean();
            }
            sleep(100);
        }
        return condition.getAsBoolean();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
