package io.sparknn.trainer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.trainer.config.AggregationMode;
import io.sparknn.trainer.config.GradientWire;
import io.sparknn.trainer.plan.CostModel.Constants;
import io.sparknn.trainer.plan.CostModel.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The step-time arithmetic, on round constants whose answers can be worked by hand. */
class CostModelTest {
    /** job 10, stage 5, task 1 ms; 1 GB/s; 0.1 ms a message; sums at 1 GB/s. */
    static final Constants ROUND = new Constants(10, 5, 1, 1e9, 0.1, 1e9);

    /** 25 M float32 parameters (100 MB), 1 ms an example, a 20 ms update, batch 1,000. */
    static final Workload BIG = new Workload(25_000_000, 4, GradientWire.FLOAT32, 1, 20, 1000);

    @Test
    void depth1OnFourExecutorsByHand() {
        CostModel.Prediction p = new CostModel(ROUND).predict(BIG, AggregationMode.DEPTH_1, 4);
        assertEquals(250, p.computeMs(), 1e-9); // 1,000 / 4 examples
        assertEquals(10 + 4, p.schedulingMs(), 1e-9); // one stage, 4 tasks
        // 100 MB from the driver, relayed in 2 rounds of one 4 MB piece each
        assertEquals((100e6 + 2 * CostModel.BROADCAST_PIECE_BYTES) / 1e6, p.broadcastMs(), 1e-9);
        assertEquals(4 * (1.0049 * 100e6 + 1064) / 1e6, p.driverInMs(), 1e-9);
        assertEquals(0, p.shuffleMs());
        assertEquals(400, p.sumMs(), 1e-9); // the driver adds 4 gradients of 100 MB
        assertEquals(0.1 * (2 + 1 + 2), p.latencyMs(), 1e-9); // 2 relay hops, the first fetch, launch and result
    }

    @Test
    void reduceScatterOnFourExecutorsByHand() {
        CostModel.Prediction p = new CostModel(ROUND).predict(BIG, AggregationMode.REDUCE_SCATTER, 4);
        assertEquals(10 + 5 + 8, p.schedulingMs(), 1e-9); // two stages, 8 tasks
        assertEquals(75, p.shuffleMs(), 1e-9); // each link sends and receives 3/4 of 100 MB
        assertEquals(200, p.sumMs(), 1e-9); // reducers add 4 slices of 25 MB (in parallel), the driver places them
        assertEquals(0.1 * (2 + 1 + 4 + 1), p.latencyMs(), 1e-9);
        assertTrue(p.driverInMs() < 102, "one gradient in: " + p.driverInMs());
    }

    @Test
    void oversubscribedComputeRunsCoresAtATime() {
        CostModel m = new CostModel(ROUND);
        // 8 executors on 2 cores: the batch's compute takes half its single-core time, not an eighth
        assertEquals(500, m.predict(BIG, AggregationMode.DEPTH_1, 8, 2).computeMs(), 1e-9);
        assertEquals(125, m.predict(BIG, AggregationMode.DEPTH_1, 8).computeMs(), 1e-9);
        // the slowest shard has ⌈batch / P⌉ examples
        assertEquals(
                334, m.predict(BIG.withBatch(1000), AggregationMode.DEPTH_1, 3).computeMs(), 1e-9);
    }

    @Test
    void efficiencyIsOneOnOneExecutorAndTheSmallestBatchIsTheFirstThatReachesIt() {
        CostModel m = new CostModel(ROUND);
        assertEquals(1.0, m.efficiency(BIG, AggregationMode.DEPTH_1, 1), 1e-12);
        int b = m.smallestBatch(BIG, AggregationMode.REDUCE_SCATTER, 64, 0.8);
        assertEquals(0, b % 64);
        assertTrue(m.efficiency(BIG.withBatch(b), AggregationMode.REDUCE_SCATTER, 64) >= 0.8);
        assertTrue(m.efficiency(BIG.withBatch(b - 64), AggregationMode.REDUCE_SCATTER, 64) < 0.8);
        // depth 1 on 64 executors adds 64 × 100 MB on the driver each step: it needs a far larger batch
        int d1 = m.smallestBatch(BIG, AggregationMode.DEPTH_1, 64, 0.8);
        assertTrue(d1 > 4 * b, d1 + " against " + b);
    }

    @Test
    void halfTheGradientBytesOnBfloat16ShortenOnlyTheGradientsChannels() {
        CostModel m = new CostModel(ROUND);
        CostModel.Prediction f = m.predict(BIG, AggregationMode.REDUCE_SCATTER, 16);
        CostModel.Prediction h = m.predict(BIG.withWire(GradientWire.BFLOAT16), AggregationMode.REDUCE_SCATTER, 16);
        assertEquals(f.shuffleMs() / 2, h.shuffleMs(), 1e-9);
        assertEquals(f.broadcastMs(), h.broadcastMs(), 1e-12);
        assertEquals(f.driverInMs() / 2, h.driverInMs(), 0.05);
    }

    @Test
    void autoIsResolvedBeforePredicting() {
        CostModel m = new CostModel(ROUND);
        assertEquals(
                AggregationMode.REDUCE_SCATTER,
                m.predict(BIG, AggregationMode.AUTO, 4).mode());
        assertEquals(
                AggregationMode.DEPTH_1, m.predict(BIG, AggregationMode.AUTO, 3).mode());
        assertEquals(
                AggregationMode.REDUCE_SCATTER,
                m.best(
                                BIG,
                                64,
                                List.of(
                                        AggregationMode.DEPTH_1,
                                        AggregationMode.DEPTH_2,
                                        AggregationMode.REDUCE_SCATTER))
                        .mode());
    }

    @Test
    void log2CeilCountsRelayRounds() {
        assertEquals(0, CostModel.log2Ceil(1));
        assertEquals(1, CostModel.log2Ceil(2));
        assertEquals(2, CostModel.log2Ceil(3));
        assertEquals(2, CostModel.log2Ceil(4));
        assertEquals(3, CostModel.log2Ceil(5));
        assertEquals(8, CostModel.log2Ceil(256));
        assertEquals(9, CostModel.log2Ceil(257));
    }

    @Test
    void theFitRecoversTheOverheadsItWasMadeFrom() {
        // job 40, stage 15, task 7: overhead = 40 + 15 (stages − 1) + 7 tasks, plus ±1 ms alternating noise
        List<CostModel.Overhead> obs = List.of(
                new CostModel.Overhead(1, 1, 47 + 1),
                new CostModel.Overhead(1, 2, 54 - 1),
                new CostModel.Overhead(2, 2, 69 + 1),
                new CostModel.Overhead(2, 4, 83 - 1),
                new CostModel.Overhead(1, 4, 68 + 1),
                new CostModel.Overhead(2, 8, 111 - 1));
        double[] fit = CostModel.fitOverheads(obs);
        assertEquals(40, fit[0], 1.5);
        assertEquals(15, fit[1], 1.5);
        assertEquals(7, fit[2], 0.5);
    }
}
