package io.sparknn.engine.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Picks the rows of one partition's block that belong to a step's global minibatch. Per epoch the
 * block's rows are sorted by their position in the permutation, so every step takes a contiguous
 * run of that order. The sort is cached per executor (a few epochs of a few blocks), since
 * tasks are stateless and the next step of the same partition usually lands on the same JVM.
 */
final class ShardSelector {
    private static final int CACHE_ENTRIES = 16;
    private static final Map<String, EpochOrder> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EpochOrder> e) {
            return size() > CACHE_ENTRIES;
        }
    };

    private ShardSelector() {}

    /** A block's rows sorted by position, with the sorted positions. */
    record EpochOrder(long[] positions, int[] rows) {}

    /** The block's rows in the step's batch, in position order. */
    static int[] rows(String blockKey, ExampleBlock block, StepPlan plan) {
        EpochOrder order = order(blockKey, block, plan);
        int from = lowerBound(order.positions, plan.firstPosition());
        int to = lowerBound(order.positions, plan.endPosition());
        return Arrays.copyOfRange(order.rows, from, to);
    }

    private static EpochOrder order(String blockKey, ExampleBlock block, StepPlan plan) {
        String key = blockKey + "/" + plan.seed() + "/" + plan.epoch();
        synchronized (CACHE) {
            EpochOrder o = CACHE.get(key);
            if (o != null) {
                return o;
            }
        }
        EpochOrder o = sort(block, new EpochPermutation(plan.examples(), plan.seed(), plan.epoch()));
        synchronized (CACHE) {
            CACHE.put(key, o);
        }
        return o;
    }

    static EpochOrder sort(ExampleBlock block, EpochPermutation perm) {
        // pack (position, row) into one long: positions < 2^40, rows < 2^23 per block
        if (block.n >= 1 << 23 || perm.size() >= 1L << 40) {
            throw new IllegalArgumentException("a partition holds " + block.n + " examples of " + perm.size()
                    + "; use more partitions (at most 8,388,607 examples per partition)");
        }
        long[] packed = new long[block.n];
        for (int r = 0; r < block.n; r++) {
            packed[r] = (perm.position(block.ids[r]) << 23) | r;
        }
        Arrays.sort(packed);
        long[] positions = new long[block.n];
        int[] rows = new int[block.n];
        for (int i = 0; i < block.n; i++) {
            positions[i] = packed[i] >>> 23;
            rows[i] = (int) (packed[i] & ((1 << 23) - 1));
        }
        return new EpochOrder(positions, rows);
    }

    private static int lowerBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
