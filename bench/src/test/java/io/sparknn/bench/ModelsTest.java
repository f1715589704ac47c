package io.sparknn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The GEMM FLOPs per example that EngineBench's two efficiencies divide by, worked out by hand
 * from the benchmark networks' shapes (2 FLOPs per multiply-add).
 */
class ModelsTest {
    @Test
    void mlpForwardAndTrainingFlops() {
        // 784·256 + 256·128 + 128·10 multiply-adds forward
        assertEquals(2L * (784 * 256 + 256 * 128 + 128 * 10), Models.forwardFlops(Models.MLP.spec()));
        assertEquals(469_504L, Models.forwardFlops(Models.MLP.spec()));
        // the first layer computes no input gradient: 2 products there, 3 in the others
        assertEquals(2L * 401_408 + 3L * (65_536 + 2_560), Models.trainingGemmFlops(Models.MLP.spec()));
        assertEquals(1_007_104L, Models.trainingGemmFlops(Models.MLP.spec()));
    }

    @Test
    void lenetForwardAndTrainingFlops() {
        long conv1 = 2L * 20 * 1 * 5 * 5 * 24 * 24; // 576,000
        long conv2 = 2L * 50 * 20 * 5 * 5 * 8 * 8; // 3,200,000
        long dense = 2L * 800 * 500 + 2L * 500 * 10; // 810,000
        assertEquals(conv1 + conv2 + dense, Models.forwardFlops(Models.LENET.spec()));
        assertEquals(4_586_000L, Models.forwardFlops(Models.LENET.spec()));
        // max-pool and flatten have no GEMM and do not take the "first layer" away from conv1
        assertEquals(2 * conv1 + 3 * (conv2 + dense), Models.trainingGemmFlops(Models.LENET.spec()));
        assertEquals(13_182_000L, Models.trainingGemmFlops(Models.LENET.spec()));
    }
}
