package io.sparknn.engine;

import io.sparknn.engine.init.Init;
import io.sparknn.engine.layer.ActivationSpec;
import io.sparknn.engine.layer.ActivationSpec.Function;
import io.sparknn.engine.layer.BatchNormSpec;
import io.sparknn.engine.layer.Conv2dSpec;
import io.sparknn.engine.layer.DenseSpec;
import io.sparknn.engine.layer.DropoutSpec;
import io.sparknn.engine.layer.EmbeddingSpec;
import io.sparknn.engine.layer.FlattenSpec;
import io.sparknn.engine.layer.Layer;
import io.sparknn.engine.layer.LayerContext;
import io.sparknn.engine.layer.LayerFitException;
import io.sparknn.engine.layer.LayerSpec;
import io.sparknn.engine.layer.LayerSpecs;
import io.sparknn.engine.layer.Pool2dSpec;
import io.sparknn.engine.layer.RecurrentSpec;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.loss.LossKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A network as plain data: the shape of one input example, the layers in order and the loss.
 * Construction checks that every layer fits its input and names the first that does not.
 * Its text form (one line per layer, no class names) is what model files store.
 */
public record NetworkSpec(Shape input, List<LayerSpec> layers, LossKind loss) {

    public NetworkSpec {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new SpecException("a network needs at least one layer");
        }
        shapes(input, layers);
    }

    /** Output shape of every layer, checked; element 0 is the input. */
    private static List<Shape> shapes(Shape input, List<LayerSpec> layers) {
        List<Shape> out = new ArrayList<>();
        out.add(input);
        Shape s = input;
        for (int i = 0; i < layers.size(); i++) {
            try {
                s = layers.get(i).outputShape(s);
            } catch (SpecException | IllegalArgumentException e) {
                throw misfit(i, layers.get(i), " with input " + s + ": " + e.getMessage());
            }
            out.add(s);
        }
        return out;
    }

    private static LayerFitException misfit(int index, LayerSpec spec, String detail) {
        return new LayerFitException(index, spec.kind(), layerName(index, spec), detail);
    }

    /** How messages name a layer: {@code layer 3 (conv2d)}, counting from 1 as a user reads a list. */
    public static String layerName(int index, LayerSpec spec) {
        return "layer " + (index + 1) + " (" + spec.kind() + ")";
    }

    /**
     * The layers, computing over {@code params} and {@code buffers} at their offsets in layer order
     * and writing their parameter gradients into {@code grads}; the first layer computes its input's
     * gradient only when {@code inputGradients}.
     */
    public Layer[] createLayers(
            Precision precision, Storage params, Storage grads, Storage buffers, boolean inputGradients) {
        Layer[] out = new Layer[layers.size()];
        int po = 0;
        int bo = 0;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            Shape in = shapeBefore(i);
            int pc = l.paramCount(in);
            int bc = l.bufferCount(in);
            out[i] = l.create(new LayerContext(
                    i,
                    layerName(i, l),
                    precision,
                    in,
                    shapeBefore(i + 1),
                    params,
                    grads,
                    po,
                    pc,
                    buffers,
                    bo,
                    bc,
                    i > 0 || inputGradients));
            po += pc;
            bo += bc;
        }
        return out;
    }

    /** The input shape of layer i (i = layers().size() gives the output shape). */
    public Shape shapeBefore(int i) {
        return shapes(input, layers).get(i);
    }

    public Shape output() {
        return shapeBefore(layers.size());
    }

    /** @throws SpecException naming the layer that takes the total past one Java array (2³¹ − 1 values) */
    public int paramCount() {
        return total("parameters", true);
    }

    /** @throws SpecException naming the layer that takes the total past one Java array (2³¹ − 1 values) */
    public int bufferCount() {
        return total("buffer values", false);
    }

    /** All parameters (or buffers) live in one flat array, so their count must fit an int. */
    private int total(String what, boolean params) {
        int total = 0;
        List<Shape> s = shapes(input, layers);
        for (int i = 0; i < layers.size(); i++) {
            try {
                LayerSpec l = layers.get(i);
                total = Math.addExact(total, params ? l.paramCount(s.get(i)) : l.bufferCount(s.get(i)));
            } catch (ArithmeticException e) {
                throw misfit(
                        i,
                        layers.get(i),
                        " with input " + s.get(i) + " takes the network past 2,147,483,647 " + what
                                + ", the most one flat array holds");
            }
        }
        return total;
    }

    /** True if some layer's output depends on other examples of the batch (batch norm). */
    public boolean couplesExamples() {
        return layers.stream().anyMatch(LayerSpec::couplesExamples);
    }

    /** A table a user would print: each layer's output shape and parameter count, and the total. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-4s %-14s %-16s %12s%n", "#", "layer", "output", "params"));
        b.append(String.format(Locale.ROOT, "%-4s %-14s %-16s %12s%n", "", "input", input, ""));
        List<Shape> s = shapes(input, layers);
        for (int i = 0; i < layers.size(); i++) {
            b.append(String.format(
                    Locale.ROOT,
                    "%-4d %-14s %-16s %,12d%n",
                    i + 1,
                    layers.get(i).kind(),
                    s.get(i + 1),
                    layers.get(i).paramCount(s.get(i))));
        }
        b.append(String.format(Locale.ROOT, "total parameters: %,d%n", paramCount()));
        b.append(String.format(Locale.ROOT, "loss: %s%n", loss.text()));
        return b.toString();
    }

    /** The text form: {@code input 1x28x28}, one {@code layer ...} line each, {@code loss ...}. */
    public String toText() {
        StringBuilder b = new StringBuilder("input ").append(input).append('\n');
        for (LayerSpec l : layers) {
            b.append("layer ").append(l.toText()).append('\n');
        }
        return b.append("loss ").append(loss.text()).append('\n').toString();
    }

    /** Parses {@link #toText()}; errors name {@code source} and the line. */
    public static NetworkSpec parse(String source, String text) {
        Shape input = null;
        List<LayerSpec> layers = new ArrayList<>();
        LossKind loss = null;
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + " line " + (i + 1);
            try {
                if (line.startsWith("input ")) {
                    input = Shape.parse(line.substring(6));
                } else if (line.startsWith("layer ")) {
                    layers.add(LayerSpecs.parse(where, line.substring(6)));
                } else if (line.startsWith("loss ")) {
                    loss = LossKind.parse(where, line.substring(5).trim());
                } else {
                    throw new SpecException("expected 'input', 'layer' or 'loss'");
                }
            } catch (SpecException | IllegalArgumentException e) {
                throw new SpecException(
                        e.getMessage().startsWith(source) ? e.getMessage() : where + ": " + e.getMessage());
            }
        }
        if (input == null || loss == null) {
            throw new SpecException(source + ": network spec lacks an 'input' or 'loss' line");
        }
        return new NetworkSpec(input, layers, loss);
    }

    public static Builder builder(Shape input) {
        return new Builder(input);
    }

    /** Builds a spec layer by layer: {@code builder(Shape.of(784)).dense(256).relu().dense(10).build(...)}. */
    public static final class Builder {
        private final Shape input;
        private final List<LayerSpec> layers = new ArrayList<>();
        private Init init = Init.HE_UNIFORM;

        private Builder(Shape input) {
            this.input = input;
        }

        /** The initialisation of the dense and conv layers added after this call. */
        public Builder init(Init init) {
            this.init = init;
            return this;
        }

        public Builder add(LayerSpec spec) {
            layers.add(spec);
            return this;
        }

        public Builder dense(int units) {
            return add(new DenseSpec(units, init));
        }

        /** Square kernel, stride 1, no padding. */
        public Builder conv2d(int filters, int kernel) {
            return conv2d(filters, kernel, kernel, 1, 0);
        }

        public Builder conv2d(int filters, int kernelH, int kernelW, int stride, int padding) {
            return add(new Conv2dSpec(filters, kernelH, kernelW, stride, stride, padding, padding, init));
        }

        /** Square window with stride equal to the window. */
        public Builder maxPool2d(int kernel) {
            return add(new Pool2dSpec(true, kernel, kernel, kernel, kernel));
        }

        public Builder avgPool2d(int kernel) {
            return add(new Pool2dSpec(false, kernel, kernel, kernel, kernel));
        }

        public Builder flatten() {
            return add(new FlattenSpec());
        }

        public Builder relu() {
            return add(ActivationSpec.of(Function.RELU));
        }

        public Builder leakyRelu(double slope) {
            return add(new ActivationSpec(Function.LEAKY_RELU, slope));
        }

        public Builder sigmoid() {
            return add(ActivationSpec.of(Function.SIGMOID));
        }

        public Builder tanh() {
            return add(ActivationSpec.of(Function.TANH));
        }

        public Builder softmax() {
            return add(ActivationSpec.of(Function.SOFTMAX));
        }

        public Builder dropout(double p) {
            return add(new DropoutSpec(p));
        }

        public Builder batchNorm() {
            return add(new BatchNormSpec(1e-5, 0.1));
        }

        public Builder embedding(int vocab, int dim) {
            return add(new EmbeddingSpec(vocab, dim));
        }

        public Builder lstm(int hidden, boolean returnSequences) {
            return add(new RecurrentSpec(true, hidden, returnSequences));
        }

        public Builder gru(int hidden, boolean returnSequences) {
            return add(new RecurrentSpec(false, hidden, returnSequences));
        }

        public NetworkSpec build(LossKind loss) {
            return new NetworkSpec(input, layers, loss);
        }
    }
}
