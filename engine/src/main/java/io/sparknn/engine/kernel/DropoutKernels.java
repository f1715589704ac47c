package io.sparknn.engine.kernel;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/** Inverted-dropout masks and their application; the float64 twin is generated. */
public interface DropoutKernels {

    static DropoutKernels of(Precision p) {
        return p == Precision.FLOAT32 ? FloatDropoutKernels.INSTANCE : DoubleDropoutKernels.INSTANCE;
    }

    /**
     * mask: (n, size). Element j of example i is {@code 1 / (1 − p)} (kept) when
     * {@code CounterHash.uniform(exampleKey(seed, step, layer, ids[idOff + i]), j) ≥ p}, else 0,
     * so each value is kept with probability 1 − p.
     */
    void fillMask(Storage mask, int n, int size, double p, long seed, long step, int layer, long[] ids, int idOff);

    /** out = a ⊙ b over {@code count} values. */
    void multiply(Storage a, Storage b, Storage out, int count);
}
