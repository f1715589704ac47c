package io.sparknn.engine.kernel;

/**
 * Counter-based random numbers: a value is a pure function of its coordinates (seed, step, layer,
 * example id, element), with no generator state. Draws therefore do not depend on the order in
 * which examples are visited, nor on how a batch is split into shards or threads.
 * The mixing function is SplitMix64's finaliser (Steele, Lea and Flood 2014).
 */
final class CounterHash {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private CounterHash() {}

    /** SplitMix64's finaliser: a bijection of 64-bit values with full avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Folds one more coordinate into a key; each coordinate is mixed before it is combined, so (a, b) ≠ (b, a). */
    public static long combine(long key, long coordinate) {
        return mix(key + GOLDEN + mix(coordinate + GOLDEN) * 31);
    }

    /** The key of one example's draws in one layer at one step. */
    public static long exampleKey(long seed, long step, int layer, long exampleId) {
        return combine(combine(combine(mix(seed + GOLDEN), step), layer), exampleId);
    }

    /** Uniform in [0, 1) with 53 random bits: element {@code index} of the stream {@code key}. */
    public static double uniform(long key, long index) {
        return (mix(key + (index + 1) * GOLDEN) >>> 11) * 0x1.0p-53;
    }
}
