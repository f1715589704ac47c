package io.sparknn.trainer.data;

import io.sparknn.engine.train.EpochPermutation;

/**
 * The examples a run holds out for validation when it has no test set: those whose position in a
 * seeded permutation of the global ids is below {@code round(n · fraction)}. A function of the id
 * alone, so a task can tell its own rows apart, and {@code evaluate} finds the same ones again.
 */
public final class Holdout {
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
        return new Side(n, heldOut, seed, false);
    }

    public RowSelection validation() {
        return new Side(n, heldOut, seed, true);
    }

    private static final class Side implements RowSelection {
        private static final long serialVersionUID = 1L;
        private final long n;
        private final long heldOut;
        private final long seed;
        private final boolean held;
        private transient EpochPermutation order;

        Side(long n, long heldOut, long seed, boolean held) {
            this.n = n;
            this.heldOut = heldOut;
            this.seed = seed;
            this.held = held;
        }

        @Override
        public boolean includes(long id) {
            if (heldOut == 0) {
                return !held;
            }
            if (order == null) {
                order = new EpochPermutation(n, seed ^ 0x76616C6964L, 0);
            }
            return (order.position(id) < heldOut) == held;
        }
    }
}
