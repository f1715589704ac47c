package io.sparknn.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** L-BFGS and Hessian-free refuse the gradient-only step, naming themselves, and leave the parameters alone. */
class BatchEvaluatingOptimizerTest {
    @ParameterizedTest
    @EnumSource(
            value = OptimizerSpec.Kind.class,
            names = {"LBFGS", "HESSIAN_FREE"})
    void theGradientOnlyStepIsRefused(OptimizerSpec.Kind kind) {
        Optimizer o = OptimizerSpec.defaults(kind).create(Precision.FLOAT64, 3);
        assertTrue(o instanceof BatchEvaluatingOptimizer, kind.text());
        Storage params = Storage.of(Precision.FLOAT64, new double[] {1, 2, 3});
        Storage grads = Storage.of(Precision.FLOAT64, new double[] {0.5, 0.5, 0.5});
        UnsupportedOperationException e =
                assertThrows(UnsupportedOperationException.class, () -> o.step(params, grads, 0.1));
        assertEquals(
                kind.text() + " evaluates the step's batch again within a step: it needs the step's objective, "
                        + "not only its mean gradient",
                e.getMessage());
        assertArrayEquals(new double[] {1, 2, 3}, params.toDoubles(), "the parameters are not touched");
        assertEquals(0, o.state().steps(), "no step is counted");
    }

    @ParameterizedTest
    @EnumSource(
            value = OptimizerSpec.Kind.class,
            names = {"SGD", "ADAM", "LARS"})
    void gradientOnlyOptimizersAreNotBatchEvaluating(OptimizerSpec.Kind kind) {
        assertFalse(OptimizerSpec.defaults(kind).create(Precision.FLOAT64, 3) instanceof BatchEvaluatingOptimizer);
    }
}
