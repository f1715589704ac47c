package io.sparknn.jobs;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.trainer.config.ConfigException;
import java.util.Locale;

/**
 * Refuses a network that cannot fit the driver's heap before anything is allocated or written: an
 * OutOfMemoryError mid-start is exit 1 with a stack trace; this is one line naming the numbers.
 */
final class DriverMemory {
    /**
     * Arrays of the parameter count the driver holds at once while training, at the least: the
     * parameters, the summed gradient and the optimizer's state. A lower bound, so a network this
     * refuses could never have trained.
     */
    static final int COPIES = 3;

    private DriverMemory() {}

    /**
     * The check of a network trained from {@code cfg} on this JVM's heap (the driver's; in process,
     * the only one), for {@code TrainingRun.checkingNetwork} and the jobs built on a run.
     */
    static java.util.function.Consumer<NetworkSpec> forDriver(io.sparknn.trainer.config.JobConfig cfg) {
        return spec ->
                check(cfg.source(), spec, cfg.precision(), Runtime.getRuntime().maxMemory());
    }

    /** @param source the config file, which the message names */
    static void check(String source, NetworkSpec network, Precision precision, long heapBytes) {
        long params = network.paramCount();
        long bytes = params * precision.bytes() * COPIES;
        if (bytes > heapBytes) {
            throw new ConfigException(String.format(
                    Locale.ROOT,
                    "%s: network: %,d parameters need at least %.1f GB on the "
                            + "driver (%d copies as %s: parameters, gradients, optimizer state); its heap is %.1f GB: make the "
                            + "network smaller or give the driver more heap (--driver-memory with spark-submit, "
                            + "SPARKNN_DRIVER_MEMORY with bin/sparknn)",
                    source,
                    params,
                    bytes / 1e9,
                    COPIES,
                    precision.name().toLowerCase(Locale.ROOT),
                    heapBytes / 1e9));
        }
    }
}
