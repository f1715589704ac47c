package io.sparknn.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.loss.LossKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * L-BFGS's state through a model file: stopped after some steps, written, read back into a fresh
 * optimizer and continued, it gives the bits of an uninterrupted run, in float32 (whose file holds
 * floats) and float64, with either line search and a history that has shifted.
 */
class LbfgsStateTest {
    /** The walled Rosenbrock of the golden test, in 4 dimensions: 4 parameters. */
    static final NetworkSpec FOUR = NetworkSpec.builder(Shape.of(1)).dense(2).build(LossKind.MSE);

    static Lbfgs.Evaluation objective(Storage p) {
        Lbfgs.Evaluation e = LbfgsGoldenTest.rosenbrock(p, 2.0);
        return new Lbfgs.Evaluation(
                e.loss(), Storage.of(p.precision(), e.meanGradient().toDoubles()));
    }

    static void steps(Lbfgs opt, Storage params, int n, double lr) {
        for (int i = 0; i < n; i++) {
            Lbfgs.Evaluation first = objective(params);
            opt.step(params, first.loss(), first.meanGradient(), LbfgsStateTest::objective, lr);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "FLOAT32, lbfgs max_iter=6 history_size=3 line_search_fn=strong_wolfe, 2, 3",
        "FLOAT64, lbfgs max_iter=6 history_size=3 line_search_fn=strong_wolfe, 2, 3",
        "FLOAT32, lbfgs lr=0.5 max_iter=5 history_size=2, 2, 3",
        "FLOAT64, lbfgs lr=0.5 max_iter=5 history_size=2, 2, 3",
        // converged after 3 steps: the next finds no new pair (y = 0), so its direction scales by the restored H_diag
        "FLOAT64, lbfgs max_iter=30 history_size=4 line_search_fn=strong_wolfe, 3, 1"
    })
    void aRunResumedFromItsModelFileGivesTheUninterruptedBits(Precision p, String text, int before, int after)
            throws IOException {
        OptimizerSpec spec = OptimizerSpecs.parse("t", text);
        double[] start = {-1.2, 1.0, -1.2, 1.0};
        Storage whole = Storage.of(p, start);
        Lbfgs a = (Lbfgs) spec.create(p, 4);
        steps(a, whole, before + after, spec.lr());

        Storage parts = Storage.of(p, start);
        Lbfgs b = (Lbfgs) spec.create(p, 4);
        steps(b, parts, before, spec.lr());
        OptimizerState saved = b.state();
        assertTrue(saved.buffers().length > 2, "the history holds pairs: " + saved.buffers().length);
        Model m = new Model(FOUR, p, parts.toDoubles(), new double[0], null, spec, saved);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFile.write(m, bytes);
        Model back = ModelFile.read(new ByteArrayInputStream(bytes.toByteArray()), "test");
        assertEquals(saved, back.optimizerState(), "the file holds the state exactly");
        Storage resumed = Storage.of(p, back.parameters());
        Lbfgs c = (Lbfgs) back.optimizer().create(p, 4);
        c.restore(back.optimizerState());
        steps(c, resumed, after, spec.lr());

        assertArrayEquals(whole.toDoubles(), resumed.toDoubles(), 0.0);
        assertEquals(a.state(), c.state());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 3, 8})
    void aStateOfAnotherShapeIsRefused(int buffers) {
        Lbfgs opt = (Lbfgs) OptimizerSpecs.parse("t", "lbfgs history_size=2").create(Precision.FLOAT64, 4);
        double[][] b = new double[buffers][];
        for (int i = 0; i < buffers; i++) {
            b[i] = new double[4];
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> opt.restore(new OptimizerState(3, b)));
        assertTrue(e.getMessage().startsWith("L-BFGS state"), e.getMessage());
    }
}
