package io.sparknn.engine;

import io.sparknn.engine.loss.Targets;
import java.util.SplittableRandom;

/** Small generated inputs for engine tests. */
public final class Fixtures {
    private Fixtures() {}

    /** n·size values uniform in (−1, 1), kept at least 0.05 from 0 so ReLU kinks are not hit. */
    public static Storage inputs(Precision p, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Storage s = Storage.allocate(p, count);
        for (int i = 0; i < count; i++) {
            double v = r.nextDouble(0.05, 1.0);
            s.set(i, r.nextBoolean() ? v : -v);
        }
        return s;
    }

    /** n labels in [0, classes). */
    public static Targets labels(int n, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
        }
        return Targets.labels(y);
    }

    /** A float64 network with input gradients, one thread. */
    public static Network float64(NetworkSpec spec, long seed) {
        return Network.create(spec, new Network.Options(Precision.FLOAT64, 1, true), seed);
    }
}
