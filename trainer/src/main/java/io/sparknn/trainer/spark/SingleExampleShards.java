package io.sparknn.trainer.spark;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.ShardComputation;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.trainer.config.TrainingConfig;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Batch norm needs two examples of a step in every shard that holds any. Whether some partition
 * holds exactly one at some step follows from the batch size, the partitioning and the seed alone,
 * so a run is checked before it writes anything: found at that step instead, an {@code overwrite}
 * run would already have replaced the previous one. One Spark job in which every partition sorts
 * its examples' positions once per epoch, as training does.
 */
public final class SingleExampleShards {
    private SingleExampleShards() {}

    /** Throws the step's own error for the first step (lowest partition) at which a partition holds one example. */
    public static void check(JavaRDD<ExampleBlock> train, long examples, NetworkSpec spec, TrainingConfig t) {
        if (!spec.couplesExamples()) {
            return;
        }
        int batch = t.batchSize();
        long seed = t.seed();
        int epochs = t.epochs();
        long maxSteps = t.maxSteps();
        train.context().setJobDescription("check shard sizes for batch norm");
        List<long[]> found = train.mapPartitionsWithIndex(
                        (p, blocks) -> {
                            long[] first = null;
                            while (blocks.hasNext()) {
                                long[] f = ShardComputation.firstSingleExampleStep(
                                        blocks.next(), examples, batch, seed, epochs, maxSteps);
                                if (f != null && (first == null || f[0] < first[0])) {
                                    first = new long[] {f[0], f[1], f[2], p};
                                }
                            }
                            return first == null
                                    ? List.<long[]>of().iterator()
                                    : List.of(first).iterator();
                        },
                        true)
                .collect();
        long[] first = null;
        for (long[] f : found) {
            if (first == null || f[0] < first[0] || f[0] == first[0] && f[3] < first[3]) {
                first = f;
            }
        }
        if (first != null) {
            StepPlan plan = new StepPlan(seed, (int) first[1], (int) first[2], first[0], batch, examples);
            throw ShardComputation.singleExample((int) first[3], plan.describe());
        }
    }
}
