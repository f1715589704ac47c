package io.sparknn.trainer;

import io.sparknn.engine.train.ExampleBlock;
import java.util.SplittableRandom;

/** Generated classification data: class-dependent means plus noise, ids 0..n−1. */
public final class Generated {
    private Generated() {}

    public static ExampleBlock classification(int n, int width, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * width];
        int[] y = new int[n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
            ids[i] = i;
            for (int j = 0; j < width; j++) {
                x[i * width + j] = (float) (r.nextGaussian() + ((j % classes) == y[i] ? 1.5 : 0));
            }
        }
        return ExampleBlock.classification(width, x, ids, y);
    }
}
