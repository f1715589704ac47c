package io.sparknn.engine.layer;

/**
 * A layer that does not fit its place in a network: its input shape, or the network's total size.
 * The message names it as {@code layer 3 (conv2d)}; the index and kind let a config name it by its
 * path instead ({@code network.layers[2]}).
 */
public class LayerFitException extends SpecException {
    private static final long serialVersionUID = 1L;
    private final int index;
    private final String kind;
    private final String detail;

    /**
     * @param layerName how the engine names the layer ({@code layer 3 (conv2d)})
     * @param detail    what does not fit, written after the layer's name ({@code " with input 64: ..."})
     */
    public LayerFitException(int index, String kind, String layerName, String detail) {
        super(layerName + detail);
        this.index = index;
        this.kind = kind;
        this.detail = detail;
    }

    /** The layer's 0-based index in the network. */
    public int index() {
        return index;
    }

    public String layerKind() {
        return kind;
    }

    /** The message after the layer's name. */
    public String detail() {
        return detail;
    }
}
