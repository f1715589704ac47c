package io.sparknn.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.loss.LossKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model's outputs by its loss, after its saved preprocessing, against the network's logits by hand. */
class PredictorTest {
    private static final Precision F64 = Precision.FLOAT64;
    private static final float[][] ROWS = {{1, -2, 0.5f}, {0, 0, 0}, {3, 1, -1}};

    private static Model model(LossKind loss, Preprocessing pre) {
        NetworkSpec spec =
                NetworkSpec.builder(Shape.of(3)).dense(4).tanh().dense(3).build(loss);
        try (Network net = Network.create(spec, Network.Options.of(F64, 1), 9)) {
            return new Model(spec, F64, net.parameters().toDoubles(), new double[0], pre, null, null);
        }
    }

    /** The network's outputs for rows already preprocessed. */
    private static double[][] logits(Model m, float[][] rows) {
        try (Network net = m.toNetwork(Network.Options.of(F64, 1))) {
            double[][] out = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                double[] x = new double[rows[i].length];
                for (int j = 0; j < x.length; j++) {
                    x[j] = rows[i][j];
                }
                out[i] = net.predict(Storage.of(F64, x), 1).toDoubles();
            }
            return out;
        }
    }

    @Test
    void softmaxRowsAreTheLogitsExponentiatedAndNormalised() {
        Model m = model(LossKind.SOFTMAX_CROSS_ENTROPY, null);
        double[][] z = logits(m, ROWS);
        try (Predictor p = new Predictor(m)) {
            double[][] out = p.outputs(ROWS);
            int[] classes = p.classes(ROWS);
            for (int i = 0; i < ROWS.length; i++) {
                double sum = Math.exp(z[i][0]) + Math.exp(z[i][1]) + Math.exp(z[i][2]);
                assertArrayEquals(
                        new double[] {Math.exp(z[i][0]) / sum, Math.exp(z[i][1]) / sum, Math.exp(z[i][2]) / sum},
                        out[i],
                        1e-15);
                int arg = z[i][0] >= z[i][1] && z[i][0] >= z[i][2] ? 0 : z[i][1] >= z[i][2] ? 1 : 2;
                assertEquals(arg, classes[i]);
            }
        }
    }

    @Test
    void bceOutputsAreTheSigmoidOfEachLogitAndMseOutputsTheValues() {
        Model bce = model(LossKind.BCE_WITH_LOGITS, null);
        Model mse = model(LossKind.MSE, null);
        double[][] zb = logits(bce, ROWS);
        double[][] zm = logits(mse, ROWS);
        try (Predictor pb = new Predictor(bce);
                Predictor pm = new Predictor(mse)) {
            double[][] ob = pb.outputs(ROWS);
            double[][] om = pm.outputs(ROWS);
            for (int i = 0; i < ROWS.length; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(1 / (1 + Math.exp(-zb[i][j])), ob[i][j], 1e-16);
                }
                assertArrayEquals(zm[i], om[i], 0);
            }
            assertEquals(
                    "classes come from a softmax_cross_entropy model; this one is mse",
                    assertThrows(IllegalStateException.class, () -> pm.classes(ROWS))
                            .getMessage());
        }
    }

    @Test
    void theModelsPreprocessingIsAppliedToRawRows() {
        Preprocessing pre = new Preprocessing(3, new double[] {1, 0, -1}, new double[] {0.5, 2, 1}, List.of());
        Model with = model(LossKind.MSE, pre);
        float[][] scaled = new float[ROWS.length][3];
        for (int i = 0; i < ROWS.length; i++) {
            for (int j = 0; j < 3; j++) {
                scaled[i][j] = (float) ((ROWS[i][j] - pre.offset()[j]) * pre.scale()[j]);
            }
        }
        try (Predictor p = new Predictor(with)) {
            double[][] out = p.outputs(ROWS);
            double[][] expected = logits(with, scaled);
            for (int i = 0; i < ROWS.length; i++) {
                assertArrayEquals(expected[i], out[i], 0);
            }
            assertEquals(
                    "row 1 has 2 values, the model takes 3",
                    assertThrows(IllegalArgumentException.class, () -> p.outputs(new float[][] {{1, 2, 3}, {1, 2}}))
                            .getMessage());
        }
    }
}
