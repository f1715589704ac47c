package io.sparknn.engine.train;

/**
 * The order in which the examples of one epoch are visited: a seeded pseudo-random bijection of
 * {@code [0, n)} computed per id (a Feistel network over the next power of four, with cycle walking
 * back into range), so any partition can find the position of its own ids without the whole
 * permutation. The global minibatch of step s holds the positions {@code [s·B, (s+1)·B)}: a function
 * of (seed, epoch, step) over global ids alone, never of the partitioning.
 */
public final class EpochPermutation {
    private static final int ROUNDS = 4;
    private final long n;
    private final int halfBits;
    private final long halfMask;
    private final long[] keys = new long[ROUNDS];

    public EpochPermutation(long n, long seed, int epoch) {
        if (n < 1) {
            throw new IllegalArgumentException("permutation of " + n + " elements");
        }
        this.n = n;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(n - 1));
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1L << halfBits) - 1;
        long k = mix(seed ^ 0x5DEECE66DL) + epoch;
        for (int r = 0; r < ROUNDS; r++) {
            k = mix(k + 0x9E3779B97F4A7C15L);
            keys[r] = k;
        }
    }

    /** Number of elements permuted. */
    public long size() {
        return n;
    }

    /** The position of {@code id} in this epoch's order. */
    public long position(long id) {
        if (id < 0 || id >= n) {
            throw new IllegalArgumentException("id " + id + " outside [0, " + n + ")");
        }
        long x = id;
        do {
            x = encrypt(x);
        } while (x >= n);
        return x;
    }

    private long encrypt(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (int r = 0; r < ROUNDS; r++) {
            long next = left ^ (mix(right ^ keys[r]) & halfMask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }

    /** SplitMix64's finaliser: a fast, well-mixed 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Steps in an epoch of n examples with global batch b: the last batch may be smaller. */
    public static int stepsPerEpoch(long n, int batchSize) {
        return (int) ((n + batchSize - 1) / batchSize);
    }
}
