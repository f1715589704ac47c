package io.sparknn.trainer.eval;

import io.sparknn.engine.eval.EvaluationSums;
import io.sparknn.engine.eval.Evaluator;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.train.ExampleBlock;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/** Distributed evaluation: one task per partition of the held-out set, sums collected in partition order. */
public final class SparkEvaluation {
    private SparkEvaluation() {
    }

    /**
     * @param params  the parameters as doubles (exact for float32 networks)
     */
    public static EvaluationSums evaluate(JavaSparkContext sc, JavaRDD<ExampleBlock> data, NetworkSpec spec,
                                          Precision precision, double[] params, double[] buffers, String description) {
        String specText = spec.toText();
        Broadcast<double[][]> bc = sc.broadcast(new double[][] {params, buffers});
        sc.setJobDescription(description);
        try {
            // collect() returns partition results in partition order: the sum repeats exactly
            List<EvaluationSums> parts = new ArrayList<>(data.mapPartitions(it -> {
                List<EvaluationSums> out = new ArrayList<>();
                if (!it.hasNext()) {
                    return out.iterator();
                }
                NetworkSpec s = NetworkSpec.parse("network spec", specText);
                try (Network net = Network.of(s, Network.Options.of(precision, 1), bc.value()[0], bc.value()[1])) {
                    while (it.hasNext()) {
                        out.add(Evaluator.score(net, it.next()));
                    }
                }
                return out.iterator();
            }).collect());
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("the evaluation set is empty");
            }
            return Evaluator.total(parts);
        } finally {
            bc.destroy();
        }
    }
}
