package io.sparknn.trainer.data;

import io.sparknn.engine.train.EpochPermutation;
import java.io.Serializable;

/**
 * The examples a run holds out for validation when it has no test set: those whose position in a
 * seeded permutation of the global ids is below {@code round(n · fraction)}. A function of the id
 * alone, so a task can tell its own rows apart, and {@code evaluate} finds the same ones again.
 */
public final class Holdout implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long n;
    private final long heldOut;
    private final long seed;

    public Holdout(long n, double fraction, long seed) {
        this.n = n;
        this.heldOut = Math.round(n * fraction);
        this.seed = seed;
    }

    /** How many examples are held out. */
    public long heldOut() {
        return heldOut;
    }

    public RowSelection training() {
        return new Side(this, false);
    }

    public RowSelection validation() {
        return new Side(this, true);
    }

    /** One side of the split; each task builds the permutation once, on first use. */
    private static final class Side implements RowSelection {
        private static final long serialVersionUID = 1L;
        private final Holdout split;
        private final boolean held;
        private transient EpochPermutation order;

        Side(Holdout split, boolean held) {
            this.split = split;
            this.held = held;
        }

        @Override
        public boolean includes(long id) {
            if (split.heldOut == 0) {
                return !held;
            }
            if (order == null) {
                order = new EpochPermutation(split.n, split.seed ^ 0x76616C6964L, 0);
            }
            return (order.position(id) < split.heldOut) == held;
        }
    }
}
