package io.sparknn.trainer.eval;

import io.sparknn.engine.Network;
import io.sparknn.engine.eval.EvaluationSums;
import io.sparknn.engine.eval.Evaluator;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.Weights;
import io.sparknn.trainer.spark.NetworkCache;
import io.sparknn.trainer.spark.SparkStep;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/** Distributed evaluation: one task per partition of the held-out set, sums added in partition order. */
public final class SparkEvaluation {
    private SparkEvaluation() {}

    /** The sums of every block of {@code data} under the network of {@code weights}, added in partition and block order. */
    public static EvaluationSums evaluate(
            JavaSparkContext sc, JavaRDD<ExampleBlock> data, Weights weights, String description) {
        List<EvaluationSums> parts = new ArrayList<>();
        try (SparkStep<Weights> step = SparkStep.broadcast(sc, weights)) {
            for (EvaluationSums[] partition : step.collect(data, description, SparkEvaluation::score)) {
                parts.addAll(List.of(partition));
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("the evaluation set is empty");
        }
        return Evaluator.total(parts);
    }

    /** Runs in the task: the sums of each block of the partition, in order (an array: a registered class for Kryo). */
    private static EvaluationSums[] score(int partition, java.util.Iterator<ExampleBlock> blocks, Weights w) {
        List<EvaluationSums> out = new ArrayList<>();
        if (!blocks.hasNext()) {
            return new EvaluationSums[0];
        }
        Network net = NetworkCache.borrow(w, 1);
        try {
            while (blocks.hasNext()) {
                out.add(Evaluator.score(net, blocks.next()));
            }
        } finally {
            NetworkCache.giveBack(net);
        }
        return out.toArray(EvaluationSums[]::new);
    }
}
