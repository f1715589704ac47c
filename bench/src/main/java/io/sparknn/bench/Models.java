package io.sparknn.bench;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Shape;
import io.sparknn.engine.layer.Conv2dSpec;
import io.sparknn.engine.layer.DenseSpec;
import io.sparknn.engine.layer.LayerSpec;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpec;

/** The two benchmark networks of issue 7 with their optimizers and default training settings. */
enum Models {
    /** 784-256-128-10, ReLU, softmax cross-entropy. */
    MLP,
    /** conv 5×5×20, max-pool 2, conv 5×5×50, max-pool 2, dense 500 + ReLU, dense 10. */
    LENET;

    /** How a benchmark trains a network unless told otherwise. */
    record Recipe(int batch, int epochs, OptimizerSpec optimizer) {}

    Recipe recipe() {
        return switch (this) {
            case MLP ->
                new Recipe(
                        128, 10, OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM).withLr(1e-3));
            case LENET ->
                new Recipe(
                        64, 4, OptimizerSpec.sgd().withMomentum(0.9, 0, false).withLr(0.02));
        };
    }

    static Models parse(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    NetworkSpec spec() {
        return switch (this) {
            case MLP ->
                NetworkSpec.builder(Shape.of(784))
                        .dense(256)
                        .relu()
                        .dense(128)
                        .relu()
                        .dense(10)
                        .build(LossKind.SOFTMAX_CROSS_ENTROPY);
            case LENET ->
                NetworkSpec.builder(Shape.of(1, 28, 28))
                        .conv2d(20, 5)
                        .maxPool2d(2)
                        .conv2d(50, 5)
                        .maxPool2d(2)
                        .flatten()
                        .dense(500)
                        .relu()
                        .dense(10)
                        .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        };
    }

    /**
     * Multiply-add FLOPs (2 per multiply-add) of the forward GEMMs for one example: dense
     * {@code 2·in·out} per row, conv {@code 2·outC·inC·kh·kw·outH·outW}. Training counts 3× this
     * (forward, the weight gradient, the input gradient), the usual convention, although the
     * first layer skips its input gradient.
     */
    static long forwardFlops(NetworkSpec spec) {
        return gemmFlops(spec, false);
    }

    /**
     * The FLOPs of the GEMMs one example's training step runs: forward, weight gradient and input
     * gradient of every dense and conv layer, except the first such layer's input gradient, which
     * the engine does not compute (nothing before it has parameters). The products Sgemm times
     * for a step are these; {@link #forwardFlops} × 3 counts the first layer's input gradient too
     * (MLP 1.40×, LeNet 1.04× these).
     */
    static long trainingGemmFlops(NetworkSpec spec) {
        return gemmFlops(spec, true);
    }

    private static long gemmFlops(NetworkSpec spec, boolean training) {
        long total = 0;
        boolean first = true;
        for (int i = 0; i < spec.layers().size(); i++) {
            long f = layerFlops(spec, i);
            if (f > 0 && training) {
                total += (first ? 2 : 3) * f;
                first = false;
            } else {
                total += f;
            }
        }
        return total;
    }

    /** Forward GEMM FLOPs of layer {@code i} for one example; 0 for a layer without a GEMM. */
    private static long layerFlops(NetworkSpec spec, int i) {
        LayerSpec l = spec.layers().get(i);
        Shape in = spec.shapeBefore(i);
        Shape out = spec.shapeBefore(i + 1);
        if (l instanceof DenseSpec d) {
            return 2L * in.rowsPerExample() * in.last() * d.units();
        } else if (l instanceof Conv2dSpec c) {
            return 2L * c.filters() * in.dim(0) * c.kernelH() * c.kernelW() * out.dim(1) * out.dim(2);
        }
        return 0;
    }
}
