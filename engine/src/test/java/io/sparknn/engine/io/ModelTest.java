package io.sparknn.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {

    private static Model dense() {
        return Model.of(TestModels.network(Precision.FLOAT32));
    }

    private static String rejected(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void parameterAndBufferCountsMustFitTheSpec() {
        NetworkSpec spec = TestModels.denseSpec();
        assertEquals(
                "the network spec needs 39 parameters and 0 buffer values, the model has 38 and 0",
                rejected(() -> new Model(spec, Precision.FLOAT32, new double[38], new double[0], null, null, null)));
    }

    @Test
    void toNetworkRefusesAnotherPrecision() {
        assertEquals(
                "the model is FLOAT32 but the network options ask for FLOAT64",
                rejected(() -> dense().toNetwork(Network.Options.of(Precision.FLOAT64, 1))));
    }

    @Test
    void ofCopiesTheNetworksValuesNotItsStorage() {
        try (Network net = TestModels.network(Precision.FLOAT32)) {
            Model m = Model.of(net);
            double first = m.parameters()[0];
            net.parameters().set(0, first + 1);
            assertEquals(first, m.parameters()[0]);
        }
    }

    @Test
    void preprocessingMustFitTheInputAndLabelNamesTheOutputs() {
        assertEquals(
                "preprocessing of width 4 does not fit the network input 5",
                rejected(() -> dense().with(Preprocessing.none(4))));
        assertEquals(
                "2 label names for a network with 3 outputs",
                rejected(() -> dense().with(new Preprocessing(5, null, null, List.of("a", "b")))));
    }

    @Test
    void perTimeStepPreprocessingFitsASequenceInput() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(4, 3)).dense(2).build(LossKind.MSE);
        Model m = new Model(spec, Precision.FLOAT64, new double[8], new double[0], null, null, null);
        assertEquals(3, m.with(Preprocessing.none(3)).preprocessing().inputWidth());
        assertEquals(12, m.with(Preprocessing.none(12)).preprocessing().inputWidth());
    }

    @Test
    void anOptimizerStateNeedsAnOptimizerAndFittingBuffers() {
        assertEquals(
                "an optimizer state needs its optimizer spec",
                rejected(() -> dense().withOptimizer(null, new OptimizerState(1, new double[0][]))));
        assertEquals(
                "optimizer state buffer of length 5 for 39 parameters",
                rejected(() ->
                        dense().withOptimizer(TestModels.ADAM, new OptimizerState(1, new double[][] {new double[5]}))));
    }

    @Test
    void newOptimizerRestoresTheSavedState() {
        Model m = TestModels.trained(Precision.FLOAT64);
        assertEquals(m.optimizerState(), m.newOptimizer().state());
        assertEquals(
                0,
                dense().withOptimizer(TestModels.ADAM, null)
                        .newOptimizer()
                        .state()
                        .steps());
    }

    @Test
    void equalityIsBitwise() {
        Model a = dense();
        double[] p = a.parameters().clone();
        p[3] = Math.nextUp(p[3]);
        assertNotEquals(a, new Model(a.spec(), a.precision(), p, a.buffers(), null, null, null));
        assertEquals(a, new Model(a.spec(), a.precision(), a.parameters().clone(), a.buffers(), null, null, null));
    }

    @Test
    void preprocessingSubtractsTheOffsetThenScalesPerFeature() {
        Preprocessing p = new Preprocessing(2, new double[] {1, -2}, new double[] {0.5, 3}, List.of());
        float[] x = {3, 0, 5, -2, 9};
        p.apply(x, 2);
        assertArrayEquals(new float[] {1, 6, 2, 0, 9}, x, "the value after two rows stays");
        double[] onlyScale = {2, 4};
        new Preprocessing(2, null, new double[] {0.25, -1}, List.of()).apply(onlyScale, 1);
        assertArrayEquals(new double[] {0.5, -4}, onlyScale);
    }

    @Test
    void preprocessingRejectsMismatchedOrNonFiniteValues() {
        assertEquals(
                "preprocessing: scale has 2 values for input width 3",
                rejected(() -> new Preprocessing(3, null, new double[2], List.of())));
        assertEquals(
                "preprocessing: offset of feature 1 is NaN",
                rejected(() -> new Preprocessing(2, new double[] {0, Double.NaN}, null, List.of())));
        assertEquals(
                "preprocessing: label names are not distinct: [a, b, a]",
                rejected(() -> new Preprocessing(1, null, null, List.of("a", "b", "a"))));
        assertEquals(
                "3 rows of 2 values need 6 values, got 5",
                rejected(() -> Preprocessing.none(2).apply(new float[5], 3)));
    }

    @Test
    void preprocessingKeepsItsOwnCopies() {
        double[] offset = {1, 2};
        Preprocessing p = new Preprocessing(2, offset, null, List.of());
        offset[0] = 9;
        p.offset()[1] = 9;
        assertArrayEquals(new double[] {1, 2}, p.offset());
    }
}
