package io.sparknn.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.layer.SpecException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Martens' rules on quadratics f(θ) = ½·θᵀAθ − cᵀθ, whose Gauss-Newton matrix is A: the solve,
 * the Levenberg-Marquardt damping, the warm start, backtracking over CG iterates, the iteration
 * cap, and a step that would raise the loss.
 */
class HessianFreeTest {
    private static final Precision F64 = Precision.FLOAT64;

    /** A diagonal quadratic with spread eigenvalues; {@code reported} scales the curvature CG sees. */
    static final class Quadratic implements HessianFree.Curvature {
        final double[] a;
        final double[] c;
        final double reported;
        /** Beyond this norm of θ the loss has a steep wall that the curvature does not see. */
        double radius = Double.POSITIVE_INFINITY;

        final List<double[]> products = new ArrayList<>();
        int losses;

        Quadratic(int n, double condition, double reported) {
            a = new double[n];
            c = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = Math.pow(condition, (double) i / Math.max(1, n - 1));
                c[i] = Math.sin(1.0 + i);
            }
            this.reported = reported;
        }

        double loss(double[] t) {
            double f = 0;
            for (int i = 0; i < a.length; i++) {
                f += 0.5 * a[i] * t[i] * t[i] - c[i] * t[i];
            }
            double norm = 0;
            for (double v : t) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            return norm > radius ? f + 1e3 * (norm - radius) : f;
        }

        Storage gradient(Storage params) {
            double[] t = params.toDoubles();
            double[] g = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                g[i] = a[i] * t[i] - c[i];
            }
            return Storage.of(params.precision(), g);
        }

        @Override
        public double[] gaussNewton(double[] v) {
            products.add(v.clone());
            double[] r = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                r[i] = reported * a[i] * v[i];
            }
            return r;
        }

        @Override
        public double loss(Storage params) {
            losses++;
            return loss(params.toDoubles());
        }

        void step(HessianFree h, Storage params) {
            h.step(params, loss(params.toDoubles()), gradient(params), null, this, 1.0);
        }
    }

    static HessianFree create(String text, int n) {
        return (HessianFree) OptimizerSpecs.parse("t", text).create(F64, n);
    }

    @Test
    void aWellModelledStepSolvesTheQuadraticAndLowersTheDampingByTwoThirds() {
        Quadratic q = new Quadratic(6, 10, 1);
        HessianFree h = create("hessian_free damping=1e-6 preconditioner_exponent=0", 6);
        Storage theta = Storage.allocate(F64, 6);
        q.step(h, theta);
        for (int i = 0; i < 6; i++) {
            assertEquals(q.c[i] / q.a[i], theta.get(i), 1e-5, "θ* = A⁻¹c, coordinate " + i);
        }
        HessianFree.StepStats s = h.lastStep();
        assertTrue(s.moved());
        assertEquals(1.0, s.rho(), 1e-4, "the model is exact: ρ = 1");
        assertEquals(1e-6 * 2 / 3, h.damping(), 0.0, "ρ > 3/4: λ × 2/3");
    }

    @Test
    void aWallTheModelMissesBacktracksToAnEarlierIterateInsideIt() {
        // CG's iterates from 0 grow in norm; a wall at half the solution's norm makes the short ones better
        Quadratic q = new Quadratic(40, 100, 1);
        double norm = 0;
        for (int i = 0; i < 40; i++) {
            norm += Math.pow(q.c[i] / q.a[i], 2);
        }
        q.radius = 0.5 * Math.sqrt(norm);
        HessianFree h = create("hessian_free damping=1e-4 preconditioner_exponent=0", 40);
        Storage theta = Storage.allocate(F64, 40);
        double before = q.loss(theta.toDoubles());
        q.step(h, theta);
        HessianFree.StepStats s = h.lastStep();
        assertTrue(s.chosen() < s.cgIterations(), "an earlier iterate was chosen: " + s);
        assertTrue(s.evaluations() >= 2, "the last iterate, then at least one earlier: " + s);
        assertEquals(s.evaluations(), q.losses);
        assertTrue(s.moved());
        double t = 0;
        for (int i = 0; i < 40; i++) {
            t += theta.get(i) * theta.get(i);
        }
        assertTrue(Math.sqrt(t) <= q.radius, "inside the wall");
        assertEquals(1, s.rho(), 1e-9, "inside the wall the model is exact, measured at the chosen iterate");
        assertTrue(q.loss(theta.toDoubles()) < before, "a descent");
    }

    @Test
    void theNextStepStartsCgFromTheWarmStartTimesThePreviousLastIterate() {
        Quadratic q = new Quadratic(8, 30, 1);
        HessianFree h = create("hessian_free damping=0.1 max_cg_iter=3 warm_start=0.95", 8);
        Storage theta = Storage.allocate(F64, 8);
        q.step(h, theta);
        double[] previous = h.state().buffers()[0];
        assertEquals(8, previous.length);
        q.products.clear();
        q.step(h, theta);
        double[] first = q.products.get(0);
        for (int i = 0; i < 8; i++) {
            assertEquals(0.95 * previous[i], first[i], 0.0, "the first product of step 2 is A·(0.95·p_prev)");
        }
        assertEquals(3 + 1, q.products.size(), "the warm start's residual, then one product per CG iteration");
    }

    @Test
    void cgStopsOnRelativeProgressBeforeTheCapAndAtTheCapWithoutTolerance() {
        Quadratic q = new Quadratic(300, 1e4, 1);
        HessianFree stops = create("hessian_free damping=1e-6 preconditioner_exponent=0", 300);
        q.step(stops, Storage.allocate(F64, 300));
        int i = stops.lastStep().cgIterations();
        assertTrue(i > 10 && i < 250, "relative progress stops between 11 and 249: " + i);

        HessianFree capped =
                create("hessian_free damping=1e-6 preconditioner_exponent=0 cg_tolerance=0 max_cg_iter=37", 300);
        new Quadratic(300, 1e4, 1).step(capped, Storage.allocate(F64, 300));
        assertEquals(37, capped.lastStep().cgIterations());
    }

    @Test
    void aStepThatRaisesTheLossIsNotTakenAndTheDampingGrows() {
        Quadratic q = new Quadratic(5, 10, 0.01);
        HessianFree h = create("hessian_free damping=1e-6 preconditioner_exponent=0 max_cg_iter=5", 5);
        Storage theta = Storage.allocate(F64, 5);
        q.step(h, theta);
        assertFalse(h.lastStep().moved(), h.lastStep().toString());
        assertArrayEquals(new double[5], theta.toDoubles(), 0.0);
        assertEquals(1e-6 * 3 / 2, h.damping(), 0.0);
    }

    @Test
    void thePreconditionerIsDiagOfSquaredGradientsPlusDampingToTheXi() {
        // with M = A exactly (squares = A − λ, ξ = 1) preconditioned CG solves a diagonal system in one iteration
        Quadratic q = new Quadratic(12, 1e3, 1);
        double lambda = 1e-3;
        double[] squares = new double[12];
        for (int i = 0; i < 12; i++) {
            squares[i] = q.a[i];
        }
        HessianFree h = create("hessian_free damping=0.001 preconditioner_exponent=1 max_cg_iter=1", 12);
        Storage theta = Storage.allocate(F64, 12);
        h.step(theta, 0, q.gradient(theta), squares, q, 1.0);
        for (int i = 0; i < 12; i++) {
            assertEquals(q.c[i] / (q.a[i] + lambda), theta.get(i), 1e-12, "coordinate " + i);
        }
    }

    @Test
    void stateRoundTripsAndIsCheckedOnRestore() {
        Quadratic q = new Quadratic(4, 10, 0.2);
        HessianFree h = create("hessian_free", 4);
        q.step(h, Storage.allocate(F64, 4));
        OptimizerState s = h.state();
        HessianFree back = create("hessian_free", 4);
        back.restore(s);
        assertEquals(s, back.state());
        assertEquals(h.damping(), back.damping(), 0.0);
        double[][] b = s.buffers();
        b[1][2] = 7;
        assertThrows(IllegalArgumentException.class, () -> back.restore(new OptimizerState(1, b)));
        assertThrows(
                IllegalArgumentException.class,
                () -> back.restore(new OptimizerState(0, new double[][] {new double[0]})));
    }

    @Test
    void keysAreReadWrittenAndChecked() {
        HessianFreeSpec d = (HessianFreeSpec) OptimizerSpec.defaults(OptimizerSpec.Kind.HESSIAN_FREE);
        assertEquals(new HessianFreeSpec(1, 1, 250, 5e-4, 0.95, 0.75, 0.25), d);
        assertEquals(
                "hessian_free lr=1.0 damping=1.0 max_cg_iter=250 cg_tolerance=5.0E-4 warm_start=0.95 "
                        + "preconditioner_exponent=0.75 curvature_fraction=0.25",
                d.toText());
        assertEquals(d, OptimizerSpecs.parse("t", d.toText()));
        assertThrows(SpecException.class, () -> OptimizerSpecs.parse("t", "hessian_free damping=0"));
        assertThrows(SpecException.class, () -> OptimizerSpecs.parse("t", "hessian_free curvature_fraction=0"));
        assertThrows(SpecException.class, () -> OptimizerSpecs.parse("t", "hessian_free weight_decay=0.1"));
    }
}
