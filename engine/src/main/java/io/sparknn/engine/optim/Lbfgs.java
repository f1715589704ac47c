package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.DoubleVectors.axpy;
import static io.sparknn.engine.optim.DoubleVectors.dot;
import static io.sparknn.engine.optim.DoubleVectors.maxAbs;
import static io.sparknn.engine.optim.DoubleVectors.neg;
import static io.sparknn.engine.optim.DoubleVectors.product;
import static io.sparknn.engine.optim.DoubleVectors.sumAbs;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code torch.optim.LBFGS} of PyTorch 1.13 ({@code torch/optim/lbfgs.py}), statement for statement:
 * one step runs up to {@code max_iter} iterations and {@code max_eval} evaluations of the objective
 * (PyTorch's closure: the mean loss and mean gradient of the step's batch at some parameters),
 * with or without the strong-Wolfe line search, and the same stopping tests, history updates
 * ({@code y·s > 1e-10}), initial step {@code min(1, 1/‖g‖₁)·lr} and NaN behaviour: a trial point of
 * the line search whose loss overflows to infinity or NaN is compared as Python compares it (the
 * search brackets or bisects), so it is no divergence unless the step the search accepts is
 * non-finite (the loop's check of the parameters after the step).
 *
 * <p>The first evaluation of a step is the one the training loop made (its loss and gradient);
 * every further one is {@link Objective#at}, one pass over the shards. Scalars are doubles; the
 * direction and the line search work in doubles, and every vector kept from step to step (the
 * correction pairs, the last gradient and the last step {@code d·t}) is rounded to the parameters'
 * precision when it is made, so a checkpoint in float32 holds it exactly and a resume continues
 * with the same bits.
 *
 * <p>State ({@link #state()}): {@code steps} is PyTorch's {@code state['n_iter']} (iterations over the
 * run); the buffers are the last step {@code d·t} (PyTorch keeps {@code d} and {@code t}, and uses
 * only their product after the step), the last gradient {@code prev_flat_grad}, then the {@code y}
 * vectors ({@code old_dirs}) and the {@code s} vectors ({@code old_stps}), oldest first. {@code ro}
 * and {@code H_diag} are recomputed from the last two on restore, by the same dot products that
 * made them; {@code prev_loss} and {@code func_evals} are kept by PyTorch but decide nothing and are
 * not saved.
 */
public final class Lbfgs extends BatchEvaluatingOptimizer {
    /** The closure: the step's batch evaluated at other parameters. */
    public interface Objective {
        /** The batch's mean loss and mean gradient at {@code params}. */
        Evaluation at(Storage params);
    }

    /** A loss and a mean gradient. */
    public record Evaluation(double loss, Storage meanGradient) {}

    private final LbfgsSpec spec;
    private final Precision precision;
    private final int count;

    private long nIter;
    /** d·t of the last iteration, rounded; null before the first. */
    private double[] lastStep;
    /** The gradient at the start of the last iteration; null before the first. */
    private double[] prevFlatGrad;

    private final List<double[]> oldDirs = new ArrayList<>();
    private final List<double[]> oldStps = new ArrayList<>();
    private final List<Double> ro = new ArrayList<>();
    private double hDiag = 1;

    /** Evaluations of the last step, the loop's first included (PyTorch's {@code current_evals}). */
    private int lastEvaluations;

    Lbfgs(LbfgsSpec spec, Precision precision, int count) {
        this.spec = spec;
        this.precision = precision;
        this.count = count;
    }

    @Override
    public LbfgsSpec spec() {
        return spec;
    }

    /** Evaluations of the objective in the last step, the first included. */
    public int lastEvaluations() {
        return lastEvaluations;
    }

    /**
     * One {@code optimizer.step(closure)}: moves {@code params} from the loss and mean gradient at
     * them ({@code grads} is not modified), evaluating {@code objective} for every further point.
     */
    public void step(Storage params, double loss0, Storage grads, Objective objective, double lr) {
        LbfgsSpec.LineSearch lineSearch = spec.lineSearchFn();
        int maxIter = spec.maxIter();
        double tolChange = spec.toleranceChange();
        double loss = loss0;
        double[] flatGrad = grads.toDoubles();
        int currentEvals = 1;
        lastEvaluations = 1;
        if (maxAbs(flatGrad) <= spec.toleranceGrad()) {
            return;
        }
        double[] d = null;
        double t = 0;
        boolean optCond = false;
        int n = 0;
        while (n < maxIter) {
            n++;
            nIter++;
            if (nIter == 1) {
                d = neg(flatGrad);
                oldDirs.clear();
                oldStps.clear();
                ro.clear();
                hDiag = 1;
            } else {
                double[] y = new double[count];
                for (int i = 0; i < count; i++) {
                    y[i] = round(flatGrad[i] - prevFlatGrad[i]);
                }
                double[] s = n == 1 ? lastStep : scaled(d, t);
                double ys = dot(y, s);
                if (ys > 1e-10) {
                    if (oldDirs.size() == spec.historySize()) {
                        oldDirs.remove(0);
                        oldStps.remove(0);
                        ro.remove(0);
                    }
                    oldDirs.add(y);
                    oldStps.add(s);
                    ro.add(1. / ys);
                    hDiag = ys / dot(y, y);
                }
                d = direction(flatGrad);
            }
            prevFlatGrad = flatGrad.clone();
            double prevLoss = loss;
            t = nIter == 1 ? StrongWolfe.pyMin(1., 1. / sumAbs(flatGrad)) * lr : lr;
            double gtd = dot(flatGrad, d);
            if (gtd > -tolChange) {
                break;
            }
            int lsEvals = 0;
            if (lineSearch == LbfgsSpec.LineSearch.STRONG_WOLFE) {
                Storage x = params.copy();
                double[] dir = d;
                StrongWolfe.Search r = StrongWolfe.search(
                        step -> evaluate(objective, x, step, dir), t, d, loss, flatGrad, gtd, spec.toleranceChange());
                loss = r.f();
                flatGrad = r.g();
                t = r.t();
                lsEvals = r.evals();
                addGrad(params, x, t, d);
                optCond = maxAbs(flatGrad) <= spec.toleranceGrad();
            } else {
                addGrad(params, params, t, d);
                if (n != maxIter) {
                    Evaluation e = objective.at(params);
                    loss = e.loss();
                    flatGrad = e.meanGradient().toDoubles();
                    optCond = maxAbs(flatGrad) <= spec.toleranceGrad();
                    lsEvals = 1;
                }
            }
            currentEvals += lsEvals;
            lastEvaluations = currentEvals;
            if (n == maxIter) {
                break;
            }
            if (currentEvals >= spec.maxEval()) {
                break;
            }
            if (optCond) {
                break;
            }
            if (maxAbs(product(d, t)) <= tolChange) {
                break;
            }
            if (Math.abs(loss - prevLoss) < tolChange) {
                break;
            }
        }
        lastStep = scaled(d, t);
    }

    /** The two-loop recursion: −H·g from the history and H_diag. */
    private double[] direction(double[] flatGrad) {
        int numOld = oldDirs.size();
        double[] al = new double[numOld];
        double[] q = neg(flatGrad);
        for (int i = numOld - 1; i >= 0; i--) {
            al[i] = dot(oldStps.get(i), q) * ro.get(i);
            axpy(q, -al[i], oldDirs.get(i));
        }
        double[] r = new double[count];
        for (int i = 0; i < count; i++) {
            r[i] = q[i] * hDiag;
        }
        for (int i = 0; i < numOld; i++) {
            double be = dot(oldDirs.get(i), r) * ro.get(i);
            axpy(r, al[i] - be, oldStps.get(i));
        }
        return r;
    }

    /** The point {@code x + t·d} in {@code out} (which may be {@code x}), in the parameters' precision. */
    private void addGrad(Storage out, Storage x, double t, double[] d) {
        for (int i = 0; i < count; i++) {
            out.set(i, x.get(i) + t * d[i]);
        }
    }

    private StrongWolfe.Point evaluate(Objective objective, Storage x, double t, double[] d) {
        Storage trial = Storage.allocate(precision, count);
        addGrad(trial, x, t, d);
        Evaluation e = objective.at(trial);
        double[] g = e.meanGradient().toDoubles();
        return new StrongWolfe.Point(e.loss(), g, dot(g, d));
    }

    /** d·t rounded to the parameters' precision: a step kept in the history or the state. */
    private double[] scaled(double[] d, double t) {
        double[] r = product(d, t);
        for (int i = 0; i < r.length; i++) {
            r[i] = round(r[i]);
        }
        return r;
    }

    private double round(double v) {
        return precision == Precision.FLOAT32 ? (float) v : v;
    }

    @Override
    public OptimizerState state() {
        double[][] b = new double[2 + 2 * oldDirs.size()][];
        b[0] = lastStep == null ? new double[0] : lastStep;
        b[1] = prevFlatGrad == null ? new double[0] : prevFlatGrad;
        for (int i = 0; i < oldDirs.size(); i++) {
            b[2 + i] = oldDirs.get(i);
            b[2 + oldDirs.size() + i] = oldStps.get(i);
        }
        return new OptimizerState(nIter, b);
    }

    @Override
    public void restore(OptimizerState state) {
        double[][] b = state.buffers();
        if (b.length < 2 || b.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "L-BFGS state needs 2 buffers and pairs of history vectors, got " + b.length + " buffers");
        }
        int pairs = (b.length - 2) / 2;
        if (pairs > spec.historySize()) {
            throw new IllegalArgumentException(
                    "L-BFGS state holds " + pairs + " history pairs, history_size is " + spec.historySize());
        }
        if (state.steps() < 0) {
            throw new IllegalArgumentException("L-BFGS state has a negative step count");
        }
        for (int i = 0; i < b.length; i++) {
            boolean mayBeEmpty = i < 2;
            if (b[i].length != count && !(mayBeEmpty && b[i].length == 0)) {
                throw new IllegalArgumentException(
                        "L-BFGS state buffer of length " + b[i].length + " for " + count + " parameters");
            }
        }
        if ((state.steps() > 0) != (b[0].length > 0) || (state.steps() > 0) != (b[1].length > 0)) {
            throw new IllegalArgumentException("L-BFGS state after " + state.steps()
                    + " iterations needs its last step and gradient exactly when it has taken one");
        }
        nIter = state.steps();
        lastStep = b[0].length == 0 ? null : b[0];
        prevFlatGrad = b[1].length == 0 ? null : b[1];
        oldDirs.clear();
        oldStps.clear();
        ro.clear();
        hDiag = 1;
        for (int i = 0; i < pairs; i++) {
            double[] y = b[2 + i];
            double[] s = b[2 + pairs + i];
            double ys = dot(y, s);
            oldDirs.add(y);
            oldStps.add(s);
            ro.add(1. / ys);
            hDiag = ys / dot(y, y);
        }
    }
}
