package io.sparknn.trainer.spark;

import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.ShardComputation;
import io.sparknn.engine.train.ShardResult;
import io.sparknn.engine.train.ShardWork;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.engine.train.Weights;
import java.io.Serializable;
import java.util.Iterator;

/**
 * A training step's task on one partition: select the partition's rows of the global batch,
 * borrow a network with the step's weights, compute what the step's work asks.
 *
 * @param dataKey names the data set in the executors' batch-order cache
 */
public record Shard(int threads, StepPlan plan, String dataKey, ShardWork work) implements Serializable {
    public ShardResult compute(int p, Iterator<ExampleBlock> it, Weights weights) {
        if (!it.hasNext()) {
            return ShardResult.empty(p);
        }
        ExampleBlock block = it.next();
        int[] rows = ShardComputation.rows(dataKey + "/" + p, block, plan);
        if (rows.length == 0) {
            return ShardResult.empty(p);
        }
        var net = NetworkCache.borrow(weights, threads);
        try {
            return ShardComputation.compute(net, block, rows, plan, p, work);
        } finally {
            NetworkCache.giveBack(net);
        }
    }
}
