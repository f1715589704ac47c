package io.sparknn.engine.train;

/**
 * SplitMix64's step (Steele, Lea and Flood 2014): golden-ratio increment, then its finaliser. The
 * counter-based draws of the loop's optimizers (Hessian-free's curvature mini-batch, K-FAC's sampled
 * targets) chain it over their coordinates, so a draw is a pure function of (seed, step, example, ...)
 * whatever the partitioning.
 */
final class SplitMix64 {
    private SplitMix64() {}

    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
