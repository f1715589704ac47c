package io.sparknn.engine.train;

import io.sparknn.engine.DoubleStorage;
import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.io.Model;
import java.io.Serializable;

/**
 * A network as it travels to where shards run: its spec as text, its parameters in its own
 * precision (float32 ones stay floats, never widened) and its buffers, as plain arrays that any
 * serializer writes. The one form in which a training step, evaluation and prediction ship weights.
 */
public final class Weights implements Serializable {
    private static final long serialVersionUID = 2L;

    /** {@link NetworkSpec#toText()}: what a task builds (and caches) its network from. */
    public String specText;
    /** The parameters of a float32 network, else null. */
    public float[] paramsFloat;
    /** The parameters of a float64 network, else null. */
    public double[] paramsDouble;

    public double[] buffers;

    public Weights() {}

    /** A copy of the parameters and buffers of a network of {@code specText}. */
    public static Weights of(String specText, Storage params, Storage buffers) {
        Weights w = new Weights();
        w.specText = specText;
        if (params instanceof FloatStorage f) {
            w.paramsFloat = f.data.clone();
        } else {
            w.paramsDouble = ((DoubleStorage) params).data.clone();
        }
        w.buffers = buffers.toDoubles();
        return w;
    }

    /** A model's network: float32 parameters go back to floats exactly (the model holds them as doubles). */
    public static Weights of(Model m) {
        return of(
                m.spec().toText(),
                Storage.of(m.precision(), m.parameters()),
                Storage.of(Precision.FLOAT64, m.buffers()));
    }

    public Precision precision() {
        return paramsFloat != null ? Precision.FLOAT32 : Precision.FLOAT64;
    }

    /** Sets the network's parameters and buffers to these (a network of the same spec and precision). */
    public void loadInto(Network net) {
        if (paramsFloat != null) {
            net.setParameters(paramsFloat);
        } else {
            net.setParameters(paramsDouble);
        }
        net.setBuffers(buffers);
    }
}
