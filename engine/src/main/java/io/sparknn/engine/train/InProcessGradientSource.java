package io.sparknn.engine.train;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import java.util.List;

/**
 * The reference without Spark: the same global batches, shard by shard in block order in this
 * process. Distributed training must equal this within rounding; the benchmark's single-process
 * figure comes from it too.
 */
public final class InProcessGradientSource implements GradientSource {
    private final List<ExampleBlock> blocks;
    private final Network net;
    private final long examples;
    private final String specText;
    private final String key = "local-" + java.util.UUID.randomUUID();

    public InProcessGradientSource(List<ExampleBlock> blocks, NetworkSpec spec, Precision precision, int threads) {
        this.blocks = List.copyOf(blocks);
        this.net = Network.create(spec, Network.Options.of(precision, threads), 0);
        this.specText = spec.toText();
        this.examples = blocks.stream().mapToLong(b -> b.n).sum();
    }

    @Override
    public StepTotals compute(StepPlan plan, Storage params, Storage buffers, ShardWork work) {
        GradientSum sum = new GradientSum(net.precision(), params.length(), buffers.length(), blocks.size());
        Weights w = Weights.of(specText, params, buffers);
        for (int p = 0; p < blocks.size(); p++) {
            w.loadInto(net);
            int[] rows = ShardSelector.rows(key + "/" + p, blocks.get(p), plan);
            sum.accept(p, ShardComputation.compute(net, blocks.get(p), rows, plan, p, work));
        }
        return sum.totals();
    }

    @Override
    public long examples() {
        return examples;
    }

    @Override
    public void close() {
        net.close();
    }
}
