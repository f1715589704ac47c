package io.sparknn.engine.train;

import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.DoubleStorage;
import io.sparknn.engine.Storage;
import java.io.Serializable;

/** The parameters and buffers broadcast to the executors for one step, as primitive arrays. */
public final class Weights implements Serializable {
    private static final long serialVersionUID = 1L;

    public float[] paramsFloat;
    public double[] paramsDouble;
    public double[] buffers;
    /** Stateful training: the carried state of every stream (rows of the network's state size), else null. */
    public double[] state;

    public Weights() {
    }

    public static Weights of(Storage params, Storage buffers) {
        Weights w = new Weights();
        if (params instanceof FloatStorage f) {
            w.paramsFloat = f.data.clone();
        } else {
            w.paramsDouble = ((DoubleStorage) params).data.clone();
        }
        w.buffers = buffers.toDoubles();
        return w;
    }

    public void loadInto(io.sparknn.engine.Network net) {
        if (paramsFloat != null) {
            net.setParameters(paramsFloat);
        } else {
            net.setParameters(paramsDouble);
        }
        net.setBuffers(buffers);
    }
}
