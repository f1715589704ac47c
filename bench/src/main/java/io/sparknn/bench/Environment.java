package io.sparknn.bench;

import io.sparknn.engine.kernel.Blas;

/** What a benchmark figure depends on besides the code: BLAS, its threads, the JVM, the cores. */
final class Environment {
    private Environment() {}

    static String blas() {
        return Blas.implementationName();
    }

    static String openBlasThreads() {
        return Blas.openBlasThreads();
    }

    /** CPU time of the whole process (all threads), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String describe(String what, int engineThreads) {
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        return String.format(
                java.util.Locale.ROOT,
                "%s | BLAS %s, OPENBLAS_NUM_THREADS=%s, engine threads %d, Vector API module %s, %d cores, Java %s, %s",
                what,
                blas(),
                openBlasThreads(),
                engineThreads,
                vector ? "loaded" : "absent",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                java.time.LocalDate.now());
    }
}
