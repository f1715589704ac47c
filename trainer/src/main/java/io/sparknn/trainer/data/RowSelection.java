package io.sparknn.trainer.data;

import java.io.Serializable;

/** Which examples of a data set, by global id, a step of reading keeps (the training rows, the held-out rows). */
public interface RowSelection extends Serializable {
    /** Every example. */
    RowSelection ALL = id -> true;

    boolean includes(long id);

    /** Per row of a unit whose first example has id {@code firstId}: whether it is kept. */
    default boolean[] keep(long firstId, int n) {
        boolean[] keep = new boolean[n];
        for (int i = 0; i < n; i++) {
            keep[i] = includes(firstId + i);
        }
        return keep;
    }
}
