package io.sparknn.engine.init;

import io.sparknn.engine.Storage;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Weight initialisation schemes. Fan-in and fan-out follow PyTorch: for a dense layer
 * {@code fanIn = in}, {@code fanOut = out}; for a conv layer they are multiplied by the kernel
 * area. Biases start at zero. The generator is seeded by the network's seed and the layer index,
 * so one seed gives the same weights bit for bit.
 */
public enum Init {
    /** U(−a, a), a = √(6 / (fanIn + fanOut)). Glorot and Bengio 2010. */
    XAVIER_UNIFORM,
    /** N(0, σ²), σ = √(2 / (fanIn + fanOut)). */
    XAVIER_NORMAL,
    /** U(−a, a), a = √(6 / fanIn): PyTorch's kaiming_uniform_ with ReLU gain. He et al. 2015. */
    HE_UNIFORM,
    /** N(0, σ²), σ = √(2 / fanIn). */
    HE_NORMAL,
    /** U(−a, a), a = √(3 / fanIn). LeCun 1998. */
    LECUN_UNIFORM,
    /** N(0, σ²), σ = √(1 / fanIn). */
    LECUN_NORMAL;

    /** Fills {@code count} values of {@code w} from {@code offset}. */
    public void fill(Storage w, int offset, int count, int fanIn, int fanOut, RandomGenerator rng) {
        boolean uniform = switch (this) {
            case XAVIER_UNIFORM, HE_UNIFORM, LECUN_UNIFORM -> true;
            default -> false;
        };
        double variance = switch (this) {
            case XAVIER_UNIFORM, XAVIER_NORMAL -> 2.0 / (fanIn + fanOut);
            case HE_UNIFORM, HE_NORMAL -> 2.0 / fanIn;
            case LECUN_UNIFORM, LECUN_NORMAL -> 1.0 / fanIn;
        };
        double std = Math.sqrt(variance);
        double bound = Math.sqrt(3.0) * std;
        for (int i = 0; i < count; i++) {
            double v = uniform ? (2 * rng.nextDouble() - 1) * bound : rng.nextGaussian() * std;
            w.set(offset + i, v);
        }
    }

    /** The name used in spec text and config files, e.g. {@code he_uniform}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #text()}; the error lists the valid names. */
    public static Init parse(String text) {
        for (Init i : values()) {
            if (i.text().equals(text)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown initialisation '" + text
                + "' (one of xavier_uniform, xavier_normal, " + "he_uniform, he_normal, lecun_uniform, lecun_normal)");
    }
}
