package io.sparknn.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A step's global minibatch ({@link StepPlan}) is a function of (seed, epoch, step) over global
 * ids: however the examples are spread over partitions, the partitions' {@link ShardSelector}
 * picks together make the same set of examples, and each epoch visits every example once.
 */
class ShardSelectorTest {
    private static final int N = 103;
    private static final int BATCH = 24;
    private static final ExampleBlock ALL = idsAsFeatures(N);

    /** N examples with ids 0..N-1, one feature each (the id) and a label: what the selection looks at. */
    private static ExampleBlock idsAsFeatures(int n) {
        float[] x = new float[n];
        long[] ids = new long[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            ids[i] = i;
            y[i] = i % 2;
        }
        return ExampleBlock.classification(1, x, ids, y);
    }

    @Test
    void aStepPlanCoversItsPositionsAndTheLastBatchIsSmaller() {
        StepPlan first = new StepPlan(1, 0, 0, 0, BATCH, N);
        assertEquals(0, first.firstPosition());
        assertEquals(24, first.endPosition());
        assertEquals(24, first.size());
        StepPlan last = new StepPlan(1, 2, 4, 14, BATCH, N);
        assertEquals(96, last.firstPosition());
        assertEquals(103, last.endPosition());
        assertEquals(7, last.size());
        assertEquals("train step 14 (epoch 3)", last.describe());
        StepPlan far = new StepPlan(1, 0, 100_000, 100_000, 50_000, 6_000_000_000L);
        assertEquals(5_000_000_000L, far.firstPosition(), "positions are longs: no int overflow");
    }

    @Test
    void aStepsExamplesDoNotDependOnThePartitioning() {
        List<List<ExampleBlock>> partitionings = new ArrayList<>();
        partitionings.add(List.of(ALL));
        partitionings.add(ExampleBlock.split(ALL, new int[] {50, 53}));
        partitionings.add(ExampleBlock.split(ALL, new int[] {7, 40, 1, 55}));
        partitionings.add(ExampleBlock.split(ALL, new int[] {20, 3, 30, 0, 25, 25}));
        partitionings.add(ExampleBlock.split(ALL, ExampleBlock.evenSizes(N, 13)));
        partitionings.add(roundRobin(5));
        partitionings.add(roundRobin(N));
        for (long seed : new long[] {5, 9}) {
            for (int epoch = 0; epoch < 3; epoch++) {
                EpochPermutation perm = new EpochPermutation(N, seed, epoch);
                long[] seen = new long[N];
                for (int step = 0; step < EpochPermutation.stepsPerEpoch(N, BATCH); step++) {
                    StepPlan plan = new StepPlan(seed, epoch, step, 0, BATCH, N);
                    long[] expected = idsAtPositions(perm, plan);
                    assertEquals(plan.size(), expected.length);
                    for (List<ExampleBlock> blocks : partitionings) {
                        long[] picked = picked(blocks, plan);
                        String what = "seed " + seed + ", epoch " + epoch + ", step " + step + ", " + blocks.size()
                                + " partitions";
                        Arrays.sort(picked);
                        assertArrayEquals(expected, picked, what);
                    }
                    for (long id : expected) {
                        seen[(int) id]++;
                    }
                }
                long[] once = new long[N];
                Arrays.fill(once, 1);
                assertArrayEquals(once, seen, "every example once in epoch " + epoch + " of seed " + seed);
            }
        }
    }

    @Test
    void aPartitionsRowsComeInPermutationOrder() {
        List<ExampleBlock> blocks = roundRobin(3);
        StepPlan plan = new StepPlan(5, 1, 2, 7, BATCH, N);
        EpochPermutation perm = new EpochPermutation(N, 5, 1);
        for (ExampleBlock block : blocks) {
            int[] rows = ShardSelector.rows(UUID.randomUUID().toString(), block, plan);
            assertTrue(rows.length > 0, "each of 3 partitions holds some of 24 examples");
            for (int i = 0; i < rows.length; i++) {
                long position = perm.position(block.ids[rows[i]]);
                assertTrue(position >= plan.firstPosition() && position < plan.endPosition(), "row " + rows[i]);
                if (i > 0) {
                    assertTrue(position > perm.position(block.ids[rows[i - 1]]), "rows in position order");
                }
            }
        }
    }

    /** The ids at positions [first, end) of the epoch's order, sorted. */
    private static long[] idsAtPositions(EpochPermutation perm, StepPlan plan) {
        List<Long> ids = new ArrayList<>();
        for (long id = 0; id < N; id++) {
            long p = perm.position(id);
            if (p >= plan.firstPosition() && p < plan.endPosition()) {
                ids.add(id);
            }
        }
        return ids.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** The global ids every partition picks for the step, together. */
    private static long[] picked(List<ExampleBlock> blocks, StepPlan plan) {
        List<Long> ids = new ArrayList<>();
        for (ExampleBlock block : blocks) {
            // a fresh cache key per call: each partitioning's blocks are sorted afresh
            for (int row : ShardSelector.rows(UUID.randomUUID().toString(), block, plan)) {
                ids.add(block.ids[row]);
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void theFirstSingleExampleStepIsTheFirstStepAtWhichABlockPicksOneRow() {
        int found = 0;
        for (int[] sizes : new int[][] {{50, 53}, {7, 40, 1, 55}, {20, 3, 30, 0, 25, 25}, {103}}) {
            List<ExampleBlock> blocks = ExampleBlock.split(ALL, sizes);
            for (int batch : new int[] {2, 3, 7, 24, 103}) {
                int steps = EpochPermutation.stepsPerEpoch(N, batch);
                for (ExampleBlock block : blocks) {
                    long[] expected = null;
                    String key = UUID.randomUUID().toString();
                    for (int epoch = 0; epoch < 3 && expected == null; epoch++) {
                        for (int step = 0; step < steps && expected == null; step++) {
                            StepPlan plan = new StepPlan(9, epoch, step, (long) epoch * steps + step, batch, N);
                            if (ShardComputation.rows(key, block, plan).length == 1) {
                                expected = new long[] {plan.globalStep(), epoch, step};
                            }
                        }
                    }
                    long[] actual = ShardComputation.firstSingleExampleStep(block, N, batch, 9, 3, 0);
                    assertArrayEquals(expected, actual, Arrays.toString(sizes) + " batch " + batch);
                    if (expected != null) {
                        found++;
                    }
                    if (expected != null && expected[0] > 0) { // max_steps 0 means every epoch
                        assertEquals(
                                null,
                                ShardComputation.firstSingleExampleStep(block, N, batch, 9, 3, expected[0]),
                                "max_steps stops the search before that step");
                    }
                }
            }
        }
        assertTrue(found > 5, "the cases hold single-example steps: " + found);
    }

    /** Example i in partition i mod p: each partition's ids are scattered, not one range. */
    private static List<ExampleBlock> roundRobin(int partitions) {
        List<ExampleBlock> blocks = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            int[] rows = java.util.stream.IntStream.range(0, N)
                    .filter(i -> i % partitions == partition)
                    .toArray();
            blocks.add(ALL.rows(rows));
        }
        return blocks;
    }
}
