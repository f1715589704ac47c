package io.sparknn.engine.kernel;

import static io.sparknn.engine.FloatStorage.arrayOf;

import io.sparknn.engine.Storage;

/**
 * float32 {@link DropoutKernels}; the float64 twin is generated from this file.
 *
 * <p>Why {@link #multiply} looks like the activations' backward loops: each is one loop over plain
 * local arrays taken out of the storages first, the form C2 vectorizes, around math of its own (a ⊙
 * b here, a mask or a derivative there). One shared loop would take that math as a lambda, a call
 * inside the loop that C2 stops inlining and vectorizing once a second body reaches it, so each
 * method keeps its own loop (measured 7–24× slower for the activations' backward loops, see
 * {@link FloatActivationKernels}).
 */
final class FloatDropoutKernels implements DropoutKernels {
    public static final FloatDropoutKernels INSTANCE = new FloatDropoutKernels();

    private FloatDropoutKernels() {}

    @Override
    public void fillMask(
            Storage mask, int n, int size, double p, long seed, long step, int layer, long[] ids, int idOff) {
        float[] m = arrayOf(mask);
        float scale = (float) (1 / (1 - p));
        for (int i = 0; i < n; i++) {
            long key = CounterHash.exampleKey(seed, step, layer, ids[idOff + i]);
            int o = i * size;
            for (int j = 0; j < size; j++) {
                m[o + j] = CounterHash.uniform(key, j) >= p ? scale : 0;
            }
        }
    }

    @Override
    public void multiply(Storage a, Storage b, Storage out, int count) {
        float[] av = arrayOf(a);
        float[] bv = arrayOf(b);
        float[] o = arrayOf(out);
        for (int i = 0; i < count; i++) {
            o[i] = av[i] * bv[i];
        }
    }
}
