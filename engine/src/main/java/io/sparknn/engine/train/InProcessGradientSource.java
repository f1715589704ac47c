package io.sparknn.engine.train;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.Parallel;
import java.util.List;

/**
 * The reference without Spark: the same global batches, shard by shard in block order in this
 * process. Distributed training must equal this within rounding; the benchmark's single-process
 * figure comes from it too. Its threads serve the network ({@link Network.Options#threads()}) and,
 * between the network's passes, the loop's element-wise passes ({@link #parallel()}).
 */
public final class InProcessGradientSource implements GradientSource {
    private final List<ExampleBlock> blocks;
    private final Network net;
    private final long examples;
    private final Parallel threads;
    private final String key = "local-" + java.util.UUID.randomUUID();

    public InProcessGradientSource(List<ExampleBlock> blocks, NetworkSpec spec, Precision precision, int threads) {
        this(blocks, spec, precision, threads, Parallel.of(threads));
    }

    /** The network on {@code threads} threads, the element-wise passes on {@code elementwise} (tests vary the two apart). */
    InProcessGradientSource(
            List<ExampleBlock> blocks, NetworkSpec spec, Precision precision, int threads, Parallel elementwise) {
        this.blocks = List.copyOf(blocks);
        this.net = Network.create(spec, Network.Options.of(precision, threads), 0);
        this.threads = elementwise;
        this.examples = blocks.stream().mapToLong(b -> b.n).sum();
    }

    @Override
    public StepTotals compute(StepPlan plan, Storage params, Storage buffers, ShardWork work) {
        GradientSum sum = new GradientSum(net.precision(), params.length(), buffers.length(), blocks.size(), threads);
        double[] b = buffers.toDoubles();
        for (int p = 0; p < blocks.size(); p++) {
            // the step's weights straight into the network (a Weights copy is for shipping them elsewhere)
            if (params.length() != net.parameters().length()) {
                throw new IllegalArgumentException(
                        "network has " + net.parameters().length() + " parameters, got " + params.length());
            }
            Storage to = net.parameters();
            threads.forRanges(params.length(), (from, end) -> to.copyFrom(params, from, from, end - from));
            net.setBuffers(b);
            int[] rows = ShardSelector.rows(key + "/" + p, blocks.get(p), plan);
            // the network's gradient lent, not copied: accept adds it before the network runs again
            sum.accept(p, ShardComputation.compute(net, blocks.get(p), rows, plan, p, work, true));
        }
        return sum.totals();
    }

    @Override
    public long examples() {
        return examples;
    }

    @Override
    public Parallel parallel() {
        return threads;
    }

    @Override
    public void close() {
        net.close();
        threads.close();
    }
}
