package io.sparknn.trainer.tune;

/**
 * The Halton sequence (Halton 1960): point i in d dimensions holds the radical inverses of i in
 * the first d primes (2, 3, 5, …): i written in base b, its digits mirrored behind the point. Its
 * first points fill the unit cube evenly at every length, which is what a small, fixed budget of
 * trials needs (Bergstra and Bengio 2012: quasi-random search beats random search at small
 * budgets). Point 0 is the cube's corner (all zeros) and is not used: trials take points 1, 2, ….
 */
public final class Halton {
    private static final int[] PRIMES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};

    private Halton() {}

    /** The most dimensions a point has here (one per searched hyper-parameter). */
    public static int maxDimensions() {
        return PRIMES.length;
    }

    /** The radical inverse of {@code i} in {@code base}: 1 → 1/2, 2 → 1/4, 3 → 3/4 in base 2. */
    static double radicalInverse(long i, int base) {
        double value = 0;
        double scale = 1.0 / base;
        for (long n = i; n > 0; n /= base) {
            value += (n % base) * scale;
            scale /= base;
        }
        return value;
    }

    /** Point {@code i} (from 1) in {@code dims} dimensions, each coordinate in [0, 1). */
    public static double[] point(long i, int dims) {
        if (i < 1 || dims > PRIMES.length) {
            throw new IllegalArgumentException("point " + i + " in " + dims + " dimensions");
        }
        double[] p = new double[dims];
        for (int d = 0; d < dims; d++) {
            p[d] = radicalInverse(i, PRIMES[d]);
        }
        return p;
    }
}
