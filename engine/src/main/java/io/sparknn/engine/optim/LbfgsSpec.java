package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.HyperParameter.LR;

import io.sparknn.engine.optim.HyperParameter.Choice;
import io.sparknn.engine.optim.HyperParameter.Int;
import io.sparknn.engine.optim.HyperParameter.Range;
import io.sparknn.engine.optim.HyperParameter.Real;
import java.util.Locale;

/**
 * {@code torch.optim.LBFGS(lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size,
 * line_search_fn)} (1.13): up to {@code max_iter} L-BFGS iterations and {@code max_eval} function
 * evaluations per step, each evaluation one pass over the step's batch (see {@link Lbfgs}). It takes
 * no weight decay (PyTorch's has none): {@link #weightDecay()} is 0 and {@code weight_decay} is not
 * one of its keys.
 *
 * @param maxIter         iterations per step, at least 1 (PyTorch's default 20)
 * @param maxEval         function evaluations per step, at least 1; when not given
 *     {@code max_iter * 5 / 4}, PyTorch's {@code max_iter * 5 // 4}
 * @param toleranceGrad   stop when the gradient's largest magnitude is at most this (1e-7)
 * @param toleranceChange stop when a step, the loss change or the directional derivative is below this (1e-9)
 * @param historySize     correction pairs kept, at least 1 (100)
 * @param lineSearchFn    none (a fixed step of lr) or strong_wolfe
 */
public record LbfgsSpec(
        double lr,
        int maxIter,
        int maxEval,
        double toleranceGrad,
        double toleranceChange,
        int historySize,
        LineSearch lineSearchFn)
        implements OptimizerSpec {

    /** PyTorch's {@code line_search_fn}: None or {@code 'strong_wolfe'}. */
    public enum LineSearch {
        /** PyTorch's None: a fixed step of {@code lr} along the direction (the first: {@code min(1, 1/‖g‖₁)·lr}). */
        NONE,
        /** The strong-Wolfe bracketing and zoom search of PyTorch's {@code _strong_wolfe} (c1 1e-4, c2 0.9, 25 evaluations at most). */
        STRONG_WOLFE;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final Int<LbfgsSpec> MAX_ITER = new Int<>("max_iter", 1, LbfgsSpec::maxIter, null);
    static final Int<LbfgsSpec> MAX_EVAL =
            new Int<>("max_eval", 1, LbfgsSpec::maxEval, before -> defaultMaxEval(before.get(LbfgsSpec.MAX_ITER)));
    static final Real<LbfgsSpec> TOLERANCE_GRAD =
            new Real<>("tolerance_grad", Range.AT_LEAST_ZERO, LbfgsSpec::toleranceGrad);
    static final Real<LbfgsSpec> TOLERANCE_CHANGE =
            new Real<>("tolerance_change", Range.AT_LEAST_ZERO, LbfgsSpec::toleranceChange);
    static final Int<LbfgsSpec> HISTORY_SIZE = new Int<>("history_size", 1, LbfgsSpec::historySize, null);
    static final Choice<LbfgsSpec, LineSearch> LINE_SEARCH_FN =
            new Choice<>("line_search_fn", LineSearch.class, LineSearch::text, LbfgsSpec::lineSearchFn);

    static final HyperParameters<LbfgsSpec> KEYS = new HyperParameters<>(
            LbfgsSpec.class,
            Kind.LBFGS,
            OptimizerSpec::lbfgs,
            v -> new LbfgsSpec(
                    v.get(LR),
                    v.get(MAX_ITER),
                    v.get(MAX_EVAL),
                    v.get(TOLERANCE_GRAD),
                    v.get(TOLERANCE_CHANGE),
                    v.get(HISTORY_SIZE),
                    v.get(LINE_SEARCH_FN)),
            Lbfgs::new,
            LR,
            MAX_ITER,
            MAX_EVAL,
            TOLERANCE_GRAD,
            TOLERANCE_CHANGE,
            HISTORY_SIZE,
            LINE_SEARCH_FN);

    public LbfgsSpec {
        KEYS.check(lr, toleranceGrad, toleranceChange);
        KEYS.checkInts(maxIter, maxEval, historySize);
        if (lineSearchFn == null) {
            throw new InvalidHyperParameterException(Kind.LBFGS, LINE_SEARCH_FN.key(), " must be none or strong_wolfe");
        }
    }

    /** PyTorch's {@code max_eval} when not given: {@code max_iter * 5 // 4} (at least 1 here). */
    public static int defaultMaxEval(int maxIter) {
        return Math.max(1, (int) ((long) maxIter * 5 / 4));
    }

    /** L-BFGS takes no weight decay. */
    @Override
    public double weightDecay() {
        return 0;
    }

    public LbfgsSpec withLineSearch(LineSearch v) {
        return new LbfgsSpec(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, v);
    }

    /** This spec with {@code max_iter} and the {@code max_eval} PyTorch derives from it. */
    public LbfgsSpec withMaxIter(int v) {
        return new LbfgsSpec(lr, v, defaultMaxEval(v), toleranceGrad, toleranceChange, historySize, lineSearchFn);
    }

    public LbfgsSpec withHistorySize(int v) {
        return new LbfgsSpec(lr, maxIter, maxEval, toleranceGrad, toleranceChange, v, lineSearchFn);
    }
}
