package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.DoubleVectors.divide;
import static io.sparknn.engine.optim.DoubleVectors.dot;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hessian-free optimisation as Martens (2010) describes it. One step, from the batch's mean loss f
 * and mean gradient g at θ:
 *
 * <ol>
 *   <li>The damped model φ(p) = gᵀp + ½·pᵀ(G + λI)p, G the mean Gauss-Newton matrix of the step's
 *       curvature subset at θ ({@link Curvature#gaussNewton}: one pass over the shards each).
 *   <li>Preconditioned CG on (G + λI)p = −g, preconditioner M = (diag(Σ gᵢ²)/N + λ)^ξ from the
 *       per-example gradients gᵢ of the batch (the same pass as the gradient, N the loss count),
 *       started from ζ × the previous step's last CG iterate (0 at the first step). It stops after
 *       {@code max_cg_iter} iterations, or at iteration i when, with k = max(10, ⌈0.1·i⌉), i &gt; k,
 *       φ(p_i) &lt; 0 and (φ(p_i) − φ(p_{i−k}))/φ(p_i) &lt; k·ε (Martens' relative-progress test;
 *       φ from the CG residual, −½·pᵀ(−g + r)).
 *   <li>Backtracking over CG iterates: the iterates at i = ⌈1.3^j⌉ and the last are kept; starting
 *       from the last, an earlier one replaces it while the batch loss f(θ + lr·p) is lower (each
 *       one pass, {@link Curvature#loss}).
 *   <li>Levenberg-Marquardt: ρ = (f(θ + lr·p) − f(θ)) / q(lr·p) with the undamped model
 *       q(s) = gᵀs + ½·sᵀGs (pᵀGp from φ(p), no further product); λ × 3/2 when ρ &lt; 1/4 (or not
 *       a number), × 2/3 when ρ &gt; 3/4.
 *   <li>θ ← θ + lr·p, unless f(θ + lr·p) &gt; f(θ) (or is not a number): then θ stays, and only λ
 *       grows. Martens' 2010 paper takes the step whatever it does; refusing one that raises the
 *       batch loss keeps a bad model from undoing the run while λ adapts.
 * </ol>
 *
 * <p>Vectors are doubles on the driver. What is kept from step to step is rounded to the
 * parameters' precision when made (the previous CG iterate, λ), so a checkpoint in float32 holds it
 * exactly and a resume continues with the same bits. State ({@link #state()}): {@code steps} is the
 * steps taken; buffer 0 is the last CG iterate of the last step (empty before the first), buffer 1
 * holds λ in every entry (a state buffer has one value per parameter).
 */
public final class HessianFree extends BatchEvaluatingOptimizer {
    /** The step's batch, looked at again: one pass over the shards per call. */
    public interface Curvature {
        /** The mean Gauss-Newton-vector product G·v of the step's curvature subset at the step's weights. */
        double[] gaussNewton(double[] v);

        /** The batch's mean loss at {@code params} (training mode, the step's dropout masks). */
        double loss(Storage params);
    }

    /**
     * What the last step did.
     *
     * @param cgIterations CG iterations run
     * @param chosen       the CG iteration whose iterate backtracking chose (0: none, no iterate)
     * @param evaluations  loss evaluations of backtracking
     * @param rho          the reduction ratio ρ
     * @param damping      λ the step used
     * @param moved        whether θ moved
     */
    public record StepStats(int cgIterations, int chosen, int evaluations, double rho, double damping, boolean moved) {}

    private final HessianFreeSpec spec;
    private final Precision precision;
    private final int count;

    private long steps;
    private double damping;
    /** The last CG iterate of the last step, rounded; null before the first. */
    private double[] previous;

    private StepStats last;

    HessianFree(HessianFreeSpec spec, Precision precision, int count) {
        this.spec = spec;
        this.precision = precision;
        this.count = count;
        this.damping = round(spec.damping());
    }

    @Override
    public HessianFreeSpec spec() {
        return spec;
    }

    /** λ for the next step. */
    public double damping() {
        return damping;
    }

    /** What the last step did; null before the first. */
    public StepStats lastStep() {
        return last;
    }

    /**
     * One step (see the class comment). {@code grads} is not modified.
     *
     * @param loss0            the batch's mean loss at {@code params}
     * @param grads            the batch's mean gradient at {@code params}
     * @param squaredGradients Σᵢ gᵢ² / N over the batch's examples, or null for no preconditioner
     */
    public void step(
            Storage params, double loss0, Storage grads, double[] squaredGradients, Curvature curvature, double lr) {
        double lambda = damping;
        double[] g = grads.toDoubles();
        double[] b = new double[count];
        for (int i = 0; i < count; i++) {
            b[i] = -g[i];
        }
        double[] m = preconditioner(squaredGradients, lambda);

        double[] x = new double[count];
        double[] r;
        if (previous != null && spec.warmStart() > 0) {
            for (int i = 0; i < count; i++) {
                x[i] = spec.warmStart() * previous[i];
            }
            double[] ax = damped(curvature, x, lambda);
            r = new double[count];
            for (int i = 0; i < count; i++) {
                r[i] = b[i] - ax[i];
            }
        } else {
            r = b.clone();
        }
        double[] y = divide(r, m);
        double[] p = y.clone();
        double ry = dot(r, y);

        List<Iterate> kept = new ArrayList<>();
        List<Double> phis = new ArrayList<>();
        int nextKeep = 1;
        int keepPower = 0;
        int iterations = 0;
        for (int i = 1; i <= spec.maxCgIter() && ry > 0; i++) {
            double[] ap = damped(curvature, p, lambda);
            double pap = dot(p, ap);
            if (!(pap > 0)) {
                break;
            }
            double alpha = ry / pap;
            for (int j = 0; j < count; j++) {
                x[j] += alpha * p[j];
                r[j] -= alpha * ap[j];
            }
            y = divide(r, m);
            double ryNext = dot(r, y);
            double beta = ryNext / ry;
            ry = ryNext;
            for (int j = 0; j < count; j++) {
                p[j] = y[j] + beta * p[j];
            }
            double phi = 0;
            for (int j = 0; j < count; j++) {
                phi += x[j] * (b[j] + r[j]);
            }
            phi *= -0.5;
            phis.add(phi);
            iterations = i;
            if (i == nextKeep) {
                kept.add(new Iterate(i, x.clone(), phi));
                while (nextKeep <= i) {
                    keepPower++;
                    nextKeep = (int) Math.ceil(Math.pow(1.3, keepPower));
                }
            }
            int k = Math.max(10, (int) Math.ceil(0.1 * i));
            if (i > k && phi < 0 && (phi - phis.get(i - k - 1)) / phi < k * spec.cgTolerance()) {
                break;
            }
        }
        if (iterations > 0 && kept.get(kept.size() - 1).iteration != iterations) {
            kept.add(new Iterate(iterations, x.clone(), phis.get(iterations - 1)));
        }
        steps++;
        previous = round(x);
        if (kept.isEmpty()) {
            last = new StepStats(0, 0, 0, Double.NaN, lambda, false);
            return;
        }

        double[] theta = params.toDoubles();
        int chosen = kept.size() - 1;
        Storage best = trial(theta, kept.get(chosen).p, lr);
        double fBest = curvature.loss(best);
        int evaluations = 1;
        for (int j = kept.size() - 2; j >= 0; j--) {
            Storage t = trial(theta, kept.get(j).p, lr);
            double f = curvature.loss(t);
            evaluations++;
            if (f < fBest) {
                fBest = f;
                best = t;
                chosen = j;
            } else {
                break;
            }
        }

        Iterate it = kept.get(chosen);
        double gp = dot(g, it.p);
        double pGp = 2 * (it.phi - gp) - lambda * dot(it.p, it.p);
        double q = lr * gp + 0.5 * lr * lr * pGp;
        double rho = q < 0 ? (fBest - loss0) / q : Double.NEGATIVE_INFINITY;
        if (!(rho >= 0.25)) {
            damping = round(lambda * 3 / 2);
        } else if (rho > 0.75) {
            damping = round(lambda * 2 / 3);
        }
        boolean moved = fBest <= loss0;
        if (moved) {
            params.copyFrom(best, 0, 0, count);
        }
        last = new StepStats(iterations, it.iteration, evaluations, rho, lambda, moved);
    }

    /** A kept CG iterate: its iteration, p, and φ(p) of the damped model. */
    private record Iterate(int iteration, double[] p, double phi) {}

    private double[] preconditioner(double[] squared, double lambda) {
        double[] m = new double[count];
        double xi = spec.preconditionerExponent();
        for (int i = 0; i < count; i++) {
            m[i] = squared == null || xi == 0 ? 1 : Math.pow(squared[i] + lambda, xi);
        }
        return m;
    }

    /** (G + λI)·v. */
    private double[] damped(Curvature c, double[] v, double lambda) {
        double[] gv = c.gaussNewton(v);
        if (gv.length != count) {
            throw new IllegalStateException("a Gauss-Newton product of " + gv.length + " values for " + count);
        }
        for (int i = 0; i < count; i++) {
            gv[i] += lambda * v[i];
        }
        return gv;
    }

    private Storage trial(double[] theta, double[] p, double lr) {
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = theta[i] + lr * p[i];
        }
        return Storage.of(precision, t);
    }

    private double round(double v) {
        return precision == Precision.FLOAT32 ? (float) v : v;
    }

    private double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = round(v[i]);
        }
        return r;
    }

    @Override
    public OptimizerState state() {
        double[] lambda = new double[count];
        Arrays.fill(lambda, damping);
        return new OptimizerState(steps, new double[][] {previous == null ? new double[0] : previous.clone(), lambda});
    }

    @Override
    public void restore(OptimizerState state) {
        double[][] b = OptimizerStates.check(state, 2, count, "hessian-free");
        if (b[1].length != count) {
            throw new IllegalArgumentException("hessian-free state needs the damping λ (buffer 1)");
        }
        double lambda = b[1].length == 0 ? 0 : b[1][0];
        for (double v : b[1]) {
            if (v != lambda || !(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("hessian-free state: the damping buffer must hold one λ > 0");
            }
        }
        if ((state.steps() > 0) != (b[0].length > 0)) {
            throw new IllegalArgumentException("hessian-free state after " + state.steps()
                    + " steps must hold the previous CG iterate exactly when a step was taken");
        }
        steps = state.steps();
        damping = round(lambda);
        previous = b[0].length == 0 ? null : round(b[0]);
    }
}
