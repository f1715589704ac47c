package io.sparknn.engine.layer;

import io.sparknn.engine.Shape;
import java.util.Locale;
import java.util.Map;

/**
 * An element-wise activation (or softmax over the last dimension); the shape is unchanged.
 * {@code slope} is LeakyReLU's negative slope (PyTorch's default 0.01) and unused otherwise.
 */
public record ActivationSpec(Function function, double slope) implements LayerSpec {

    /** The activation functions. */
    public enum Function {
        /** max(0, x); derivative 0 at x = 0, as PyTorch. */
        RELU,
        /** x for x > 0, slope·x otherwise; derivative slope at 0. */
        LEAKY_RELU,
        SIGMOID,
        TANH,
        /** Softmax over the last dimension (use the fused softmax_cross_entropy loss for training classifiers). */
        SOFTMAX;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static ActivationSpec of(Function f) {
        return new ActivationSpec(f, 0.01);
    }

    @Override
    public String kind() {
        return function.text();
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public Layer create(LayerContext ctx) {
        return switch (function) {
            case RELU -> new Relu(ctx);
            case LEAKY_RELU -> new LeakyRelu(ctx, slope);
            case SIGMOID -> new Sigmoid(ctx);
            case TANH -> new Tanh(ctx);
            case SOFTMAX -> new Softmax(ctx);
        };
    }

    /** LeakyReLU's slope; the other functions have no fields. */
    @Override
    public Map<String, SpecValue> fields() {
        return function == Function.LEAKY_RELU ? Map.of("slope", SpecValue.real(slope)) : Map.of();
    }
}
