package io.sparknn.bench;

import com.sun.management.OperatingSystemMXBean;
import io.sparknn.engine.Batch;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.Blas;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Not a test: times forward + backward (Network.computeGradients, no optimizer step) on batches of
 * 64 float32 MNIST-sized inputs, for the LeNet conv stack alone (conv 5x5x20, maxpool 2, conv 5x5x50,
 * maxpool 2; its 800 outputs feed an 800-way softmax cross-entropy, a small cost) and for the whole
 * LeNet (then dense 500, relu, dense 10), with 1 and 2 network threads. Prints samples/s, and samples
 * per second of process CPU time, which stays meaningful when other processes share the cores.
 *
 * <p>Arguments: {@code [seconds per measurement, default 3] [repeats, default 3] [threads..., default 1 2]}.
 * Set {@code OPENBLAS_NUM_THREADS} in the environment; the BLAS in use is printed.
 */
public final class ConvBench {
    private static final int BATCH = 64;
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ConvBench() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int[] threads = args.length > 2
                ? Arrays.stream(args, 2, args.length)
                        .mapToInt(Integer::parseInt)
                        .toArray()
                : new int[] {1, 2};
        System.out.printf(
                "BLAS %s, OPENBLAS_NUM_THREADS=%s, batch %d, float32%n",
                Blas.implementationName(), Blas.openBlasThreads(), BATCH);
        NetworkSpec convStack = stack().flatten().build(LossKind.SOFTMAX_CROSS_ENTROPY);
        NetworkSpec lenet = stack().flatten().dense(500).relu().dense(10).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        for (int t : threads) {
            run("conv stack", convStack, 800, t, seconds, repeats);
            run("LeNet", lenet, 10, t, seconds, repeats);
        }
    }

    private static NetworkSpec.Builder stack() {
        return NetworkSpec.builder(Shape.of(1, 28, 28))
                .conv2d(20, 5)
                .maxPool2d(2)
                .conv2d(50, 5)
                .maxPool2d(2);
    }

    /** {@value #BATCH} examples of values uniform in (−1, 1) and labels uniform in [0, classes). */
    private static Batch randomBatch(int inputSize, int classes) {
        SplittableRandom r = new SplittableRandom(2);
        Storage x = Storage.allocate(Precision.FLOAT32, BATCH * inputSize);
        for (int i = 0; i < BATCH * inputSize; i++) {
            x.set(i, r.nextDouble(-1.0, 1.0));
        }
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = r.nextInt(classes);
        }
        return Batch.of(x, BATCH, Targets.labels(labels));
    }

    private static void run(String name, NetworkSpec spec, int classes, int threads, double seconds, int repeats) {
        try (Network net = Network.create(spec, Network.Options.of(Precision.FLOAT32, threads), 1)) {
            Batch b = randomBatch(spec.input().size(), classes);
            measure(net, b, 1.0);
            double[] wall = new double[repeats];
            double[] cpu = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                double[] m = measure(net, b, seconds);
                wall[r] = m[0];
                cpu[r] = m[1];
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            System.out.printf(
                    "%-10s threads=%d  samples/s: median %,6.0f  best %,6.0f   per CPU-second: median %,6.0f"
                            + "  (%d runs of %.1f s)%n",
                    name, threads, wall[repeats / 2], wall[repeats - 1], cpu[repeats / 2], repeats, seconds);
        }
    }

    /** Back-to-back batches for at least {@code seconds}: {samples per second, samples per CPU-second}. */
    private static double[] measure(Network net, Batch b, double seconds) {
        long cpu0 = OS.getProcessCpuTime();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long batches = 0;
        long now;
        do {
            net.computeGradients(b);
            batches++;
            now = System.nanoTime();
        } while (now < deadline);
        double samples = batches * BATCH;
        return new double[] {samples / ((now - start) / 1e9), samples / ((OS.getProcessCpuTime() - cpu0) / 1e9)};
    }
}
