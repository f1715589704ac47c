package io.sparknn.bench;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.ActivationKernels;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The tanh activation kernel's cost per element, float32 and float64: {@code tanhForward} over
 * {@link #COUNT} values drawn uniformly from [−4, 4] (pre-activations of a trained layer), one
 * thread. Prints ns per element for the median and the fastest of the timed passes (the fastest is
 * the figure to compare on a shared machine). Not a test: run as a main with the engine's test
 * classpath.
 *
 * <p>Arguments: {@code [passes]}, default 200 timed passes after 200 warm-up passes.
 */
public final class TanhBench {
    static final int COUNT = 1 << 20;

    private TanhBench() {}

    public static void main(String[] args) {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        for (Precision p : Precision.values()) {
            SplittableRandom rng = new SplittableRandom(1);
            Storage x = Storage.allocate(p, COUNT);
            for (int i = 0; i < COUNT; i++) {
                x.set(i, rng.nextDouble(-4, 4));
            }
            Storage y = Storage.allocate(p, COUNT);
            ActivationKernels k = ActivationKernels.of(p);
            for (int i = 0; i < passes; i++) { // warm-up: lets C2 compile the loop
                k.tanhForward(x, y, COUNT);
            }
            double[] ns = new double[passes];
            for (int i = 0; i < passes; i++) {
                long t0 = System.nanoTime();
                k.tanhForward(x, y, COUNT);
                ns[i] = (double) (System.nanoTime() - t0) / COUNT;
            }
            Arrays.sort(ns);
            System.out.printf(
                    "tanhForward %s over %,d values: median %.2f ns/element, fastest %.2f ns/element "
                            + "(%d passes); y[7] = %s%n",
                    p, COUNT, ns[passes / 2], ns[0], passes, y.get(7));
        }
    }
}
