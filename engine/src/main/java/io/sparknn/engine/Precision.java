package io.sparknn.engine;

/** The floating-point type of a network's parameters, activations and gradients. */
public enum Precision {
    /** 32-bit floats: the default, what BLAS and the wire are fastest with. */
    FLOAT32(4),
    /** 64-bit doubles: for gradient checks and users who need the range. */
    FLOAT64(8);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes one value takes. */
    public int bytes() {
        return bytes;
    }
}
