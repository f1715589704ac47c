package io.sparknn.engine.train;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Network;
import java.io.Serializable;

/**
 * A computation on one shard's part of a step's global batch, whose results the shards add in
 * partition order: a per-shard statistic computed with the gradient (a per-layer matrix for K-FAC),
 * or an optimizer's own product with a vector it carries (a Gauss-Newton- or Hessian-vector
 * product). It runs where the shard runs, a Spark task or this process, so it is serializable;
 * whatever it captures (a vector) travels with the job's task. Every shard returns an array of
 * the same length; a shard that holds none of the batch is not asked.
 */
@FunctionalInterface
public interface ShardFunction extends Serializable {
    /**
     * @param net   the step's network with its weights loaded; after the shard's forward and backward
     *              pass when the function runs with the gradient ({@link ShardWork#gradientAnd})
     * @param batch the shard's examples of the step, in position order
     * @return this shard's part of the sum
     */
    double[] apply(Network net, Batch batch);
}
