package io.sparknn.engine.layer;

import io.sparknn.engine.layer.ActivationSpec.Function;
import java.util.List;

/** Reads a layer spec from its kind and fields: the one place that knows every kind's name. */
public final class LayerSpecs {
    /** Every kind, for messages. */
    public static final List<String> KINDS = List.of(
            DenseSpec.KIND,
            Conv2dSpec.KIND,
            Pool2dSpec.MAX,
            Pool2dSpec.AVG,
            FlattenSpec.KIND,
            "relu",
            "leaky_relu",
            "sigmoid",
            "tanh",
            "softmax",
            DropoutSpec.KIND,
            BatchNormSpec.KIND,
            EmbeddingSpec.KIND,
            RecurrentSpec.LSTM,
            RecurrentSpec.GRU);

    private LayerSpecs() {}

    /**
     * True for the kinds whose layer has an R-op ({@link Layer#directional}), so a network of them
     * has Gauss-Newton-vector products: dense, conv2d, the pools, flatten, dropout, the activations.
     * Batch norm, embedding and the recurrent layers have none.
     */
    public static boolean hasDirectional(LayerSpec spec) {
        return spec instanceof DenseSpec
                || spec instanceof Conv2dSpec
                || spec instanceof Pool2dSpec
                || spec instanceof FlattenSpec
                || spec instanceof DropoutSpec
                || spec instanceof ActivationSpec;
    }

    /** Parses a line written by {@link LayerSpec#toText()}. */
    public static LayerSpec parse(String where, String line) {
        SpecFields.Line l = SpecFields.line(where, line);
        return read(l.kind(), l.fields());
    }

    /** The spec of {@code kind} with {@code fields}; unknown kinds and keys are errors naming them. */
    public static LayerSpec read(String kind, SpecFields f) {
        LayerSpec spec = switch (kind) {
            case DenseSpec.KIND -> DenseSpec.read(f);
            case Conv2dSpec.KIND -> Conv2dSpec.read(f);
            case Pool2dSpec.MAX -> Pool2dSpec.read(true, f);
            case Pool2dSpec.AVG -> Pool2dSpec.read(false, f);
            case FlattenSpec.KIND -> new FlattenSpec();
            case "relu" -> ActivationSpec.of(Function.RELU);
            case "leaky_relu" -> new ActivationSpec(Function.LEAKY_RELU, f.number("slope", 0, 1, 0.01));
            case "sigmoid" -> ActivationSpec.of(Function.SIGMOID);
            case "tanh" -> ActivationSpec.of(Function.TANH);
            case "softmax" -> ActivationSpec.of(Function.SOFTMAX);
            case DropoutSpec.KIND -> new DropoutSpec(f.number("p", 0, 0.999999, 0.5));
            case BatchNormSpec.KIND -> BatchNormSpec.read(f);
            case EmbeddingSpec.KIND -> EmbeddingSpec.read(f);
            case RecurrentSpec.LSTM -> RecurrentSpec.read(true, f);
            case RecurrentSpec.GRU -> RecurrentSpec.read(false, f);
            default ->
                throw new SpecException(
                        f.where() + ": unknown layer type '" + kind + "' (one of " + String.join(", ", KINDS) + ")");
        };
        f.finish();
        return spec;
    }
}
