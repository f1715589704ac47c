package io.sparknn.engine.io;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.init.Init;
import io.sparknn.engine.layer.ActivationSpec;
import io.sparknn.engine.layer.BatchNormSpec;
import io.sparknn.engine.layer.Conv2dSpec;
import io.sparknn.engine.layer.DenseSpec;
import io.sparknn.engine.layer.DropoutSpec;
import io.sparknn.engine.layer.EmbeddingSpec;
import io.sparknn.engine.layer.Pool2dSpec;
import io.sparknn.engine.layer.RecurrentSpec;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpecs;
import io.sparknn.engine.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the committed format-version-1 golden files that, with {@link GoldenModelFile}'s, hold
 * every layer kind, so the version-1 spec text of each kind is pinned: {@value #CONV} (float64:
 * conv2d, batch norm with running statistics, every activation, both poolings, flatten, dropout,
 * dense with every init, RMSProp state of three buffers) and {@value #RECURRENT} (float32:
 * embedding, LSTM, GRU, dense, AdamW with AMSGrad state). Every layer setting differs from its
 * default and between height and width, so a text that drops or swaps one is caught. Run it only
 * to create these files, never to refresh them after a format change:
 * <pre>
 *   mvn -q -o -B -pl engine test-compile
 *   java -cp engine/target/classes:engine/target/test-classes:$(ls ~/.m2/repository/dev/ludovic/netlib/blas/3.2.0/blas-3.2.0.jar) \
 *       io.sparknn.engine.io.GoldenLayerModelFiles engine/src/test/resources/golden/modelfile
 * </pre>
 * Values come from {@link #value}, not from an initialisation: exact in float32, and independent of
 * how later builds draw initial weights.
 */
public final class GoldenLayerModelFiles {
    static final String CONV = "golden/modelfile/conv-layers-v1.model";
    static final String RECURRENT = "golden/modelfile/recurrent-layers-v1.model";

    private GoldenLayerModelFiles() {}

    /** Value i of a golden array: multiples of 1/128 in [−50/128, 50/128], exact in float32. */
    static double value(int i, int salt) {
        return (Math.floorMod(i * 37 + salt * 11, 101) - 50) / 128.0;
    }

    static double[] values(int n, int salt) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = value(i, salt);
        }
        return v;
    }

    /** (2, 9, 8) → every non-recurrent kind → 3 outputs under MSE, float64. */
    static NetworkSpec convSpec() {
        return NetworkSpec.builder(Shape.of(2, 9, 8))
                // out (3, 9, 4): h = (9 + 2·1 − 3) / 1 + 1, w = (8 + 0 − 2) / 2 + 1
                .add(new Conv2dSpec(3, 3, 2, 1, 2, 1, 0, Init.XAVIER_NORMAL))
                .add(new BatchNormSpec(1e-3, 0.2))
                .add(new ActivationSpec(ActivationSpec.Function.LEAKY_RELU, 0.1))
                .add(new Pool2dSpec(true, 3, 2, 3, 2)) // (3, 3, 2)
                .add(new Pool2dSpec(false, 1, 2, 1, 1)) // (3, 3, 1)
                .flatten() // (9)
                .add(new DropoutSpec(0.25))
                .add(new DenseSpec(5, Init.LECUN_UNIFORM))
                .relu()
                .add(new DenseSpec(4, Init.HE_NORMAL))
                .tanh()
                .add(new DenseSpec(3, Init.XAVIER_UNIFORM))
                .sigmoid()
                .add(new DenseSpec(3, Init.HE_UNIFORM))
                .softmax()
                .build(LossKind.MSE);
    }

    static Model conv() {
        NetworkSpec spec = convSpec();
        int p = spec.paramCount();
        // batch norm: running_mean (3) then running_var (3), the variances positive
        double[] buffers = {-0.25, 0.125, 0.375, 0.5, 1.25, 2};
        return new Model(
                spec,
                Precision.FLOAT64,
                values(p, 0),
                buffers,
                null,
                OptimizerSpecs.parse(
                        "golden", "rmsprop lr=0.005 weight_decay=0.001 alpha=0.9 momentum=0.5 centered=true"),
                new OptimizerState(4, new double[][] {abs(values(p, 1)), values(p, 2), values(p, 3)}));
    }

    /** (6) token ids → embedding → LSTM over the sequence → GRU to its last state → 2 logits, float32. */
    static NetworkSpec recurrentSpec() {
        return NetworkSpec.builder(Shape.of(6))
                .add(new EmbeddingSpec(7, 4)) // (6, 4)
                .add(new RecurrentSpec(true, 5, true)) // lstm (6, 5)
                .add(new RecurrentSpec(false, 3, false)) // gru (3)
                .add(new DenseSpec(2, Init.LECUN_NORMAL))
                .build(LossKind.BCE_WITH_LOGITS);
    }

    static Model recurrent() {
        NetworkSpec spec = recurrentSpec();
        int p = spec.paramCount();
        return new Model(
                spec,
                Precision.FLOAT32,
                values(p, 4),
                new double[0],
                null,
                OptimizerSpecs.parse("golden", "adamw lr=0.002 weight_decay=0.05 beta2=0.99 amsgrad=true"),
                new OptimizerState(2, new double[][] {values(p, 5), abs(values(p, 6)), abs(values(p, 7))}));
    }

    private static double[] abs(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
        }
        return v;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "engine/src/test/resources/golden/modelfile");
        for (String resource : new String[] {CONV, RECURRENT}) {
            Path out = dir.resolve(Path.of(resource).getFileName());
            ModelFile.save(resource.equals(CONV) ? conv() : recurrent(), out);
            System.out.println("wrote " + out);
        }
    }
}
