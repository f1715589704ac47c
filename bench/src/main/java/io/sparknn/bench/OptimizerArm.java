package io.sparknn.bench;

import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerSpecs;
import java.util.ArrayList;
import java.util.List;

/**
 * One arm of the optimizer benchmark: an optimizer, as a model file's optimizer line writes it,
 * trained with a global batch on one model until a test accuracy.
 *
 * <p>The settings are the usual ones from the papers and PyTorch's defaults, tried once on the MLP
 * and kept for LeNet; only Adam's batch is chosen, from {@link #ADAM_BATCHES} on one seed, as the
 * issue asks. Nothing else was tuned: a row says how an optimizer does with sensible settings,
 * not with its best ones.
 */
record OptimizerArm(String name, int batch, String optimizer) {
    /** The batches Adam is tried at on the first seed; the fastest to the target is kept. */
    static final int[] ADAM_BATCHES = {128, 512, 2048};

    /** The name Adam's arms carry; its batch is chosen per model. */
    static final String ADAM = "adam";

    private static final String ADAM_LINE = "adam lr=0.001";

    OptimizerArm {
        if (batch < 1) {
            throw new IllegalArgumentException("arm " + name + ": batch " + batch + " is not positive");
        }
    }

    /** Adam at one of {@link #ADAM_BATCHES}. */
    static OptimizerArm adam(int batch) {
        return new OptimizerArm(ADAM, batch, ADAM_LINE);
    }

    /**
     * The arms after Adam, each at the batch its method is meant for: LAMB at a large batch (the
     * issue's ≥ 8192), L-BFGS on the whole training set (a deterministic objective, as its line
     * search assumes), K-FAC at a mid-size batch (its factors need many examples a step),
     * Hessian-free at a tenth of the set (its curvature products are estimated on the batch).
     */
    static List<OptimizerArm> secondOrderAndLarge(int trainExamples) {
        List<OptimizerArm> arms = new ArrayList<>();
        arms.add(new OptimizerArm("lamb", 8192, "lamb lr=0.01"));
        arms.add(new OptimizerArm(
                "lbfgs", trainExamples, "lbfgs lr=1 max_iter=1 history_size=20 line_search_fn=strong_wolfe"));
        arms.add(kfac());
        arms.add(new OptimizerArm("hessian_free", 6000, "hessian_free max_cg_iter=50"));
        return arms;
    }

    /** K-FAC at a mid-size batch (its factors need many examples a step). */
    static OptimizerArm kfac() {
        return new OptimizerArm("kfac", 1024, "kfac lr=0.05 damping=0.01 inverse_interval=20");
    }

    /** The parsed optimizer line. */
    OptimizerSpec spec() {
        return OptimizerSpecs.parse("arm " + name, optimizer);
    }
}
