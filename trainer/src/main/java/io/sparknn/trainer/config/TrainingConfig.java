package io.sparknn.trainer.config;

/**
 * How long and how the loop trains.
 *
 * @param partitions      partitions of the training data (0 = Spark's default parallelism)
 * @param threadsPerTask  engine threads per Spark task (0 = spark.task.cpus)
 * @param clipNorm        global gradient-norm clipping (0 = off)
 * @param maxSteps        stop after this many steps in total (0 = all epochs)
 * @param lrScaling       none, linear or sqrt: scale the learning rate by (batch / baseBatch) or its root
 * @param warmupSteps     linear warm-up steps applied with lr scaling (0 = none)
 * @param patience        early stopping: epochs without improvement of the validation metric (0 = off)
 * @param metric          early stopping metric: accuracy (higher is better) or loss (lower is better)
 * @param aggregationDepth 1: the driver adds every partition's gradient in partition order; 2: fixed groups
 *                         of ⌈√partitions⌉ are added on the executors first (bounded driver memory, one shuffle)
 */
public record TrainingConfig(int batchSize, int epochs, long seed, int partitions, int threadsPerTask,
                             double clipNorm, long maxSteps, int logEvery, String lrScaling, int baseBatch,
                             int warmupSteps, int patience, String metric, int aggregationDepth) {
}
