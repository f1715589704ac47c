package io.sparknn.trainer.plan;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSum;
import io.sparknn.engine.train.InProcessGradientSource;
import io.sparknn.engine.train.ShardResult;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.config.GradientWire;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a network costs on one core, measured with a few steps in this process (no Spark) on
 * examples of the network's input shape, all zero (the engine's time does not depend on the
 * values): forward and backward per example, the optimizer's update, and how fast gradients add
 * ({@code GradientSum}, as the driver and the reducers add them).
 */
public final class StepProbe {
    private StepProbe() {}

    /** The optimizers whose update is one pass over the parameters; the others are timed as Adam's. */
    static OptimizerSpec firstOrder(OptimizerSpec spec) {
        return spec.kind() == OptimizerSpec.Kind.LBFGS || spec.kind() == OptimizerSpec.Kind.HESSIAN_FREE
                ? OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM)
                : spec;
    }

    /** The optimizer whose update {@link #measure} times for {@code spec}: its own, or Adam for a second-order one. */
    public static String timedAs(OptimizerSpec spec) {
        OptimizerSpec used = firstOrder(spec);
        return used == spec
                ? spec.kind().text()
                : "adam, standing in for " + spec.kind().text();
    }

    /**
     * Measures {@code spec}: 3 steps of {@code examples} examples, then one run of about 2 s at the
     * third step's pace (at least {@code steps}, at most 400 steps), whose second half's median is
     * kept (the first half warms the JIT up).
     *
     * @param batch the global batch the workload is for (not what is measured)
     */
    public static CostModel.Workload measure(
            NetworkSpec spec,
            Precision precision,
            OptimizerSpec optimizer,
            GradientWire wire,
            int batch,
            int examples,
            int steps) {
        OptimizerSpec opt = firstOrder(optimizer);
        ExampleBlock block = zeros(spec, examples);
        List<StepReport> first = run(spec, precision, opt, block, 3);
        // one run long enough for the JIT to compile the kernels: about 2 s at the third step's pace
        double stepMs = first.get(first.size() - 1).stepNanos() / 1e6;
        int n = (int) Math.max(steps, Math.min(400, 2000 / Math.max(stepMs, 0.1)));
        List<StepReport> reports = run(spec, precision, opt, block, n);
        List<StepReport> kept = reports.subList(reports.size() / 2, reports.size());
        double computeMs =
                median(kept.stream().mapToLong(StepReport::computeNanos).toArray()) / 1e6;
        double updateMs =
                median(kept.stream().mapToLong(StepReport::optimizerNanos).toArray()) / 1e6;
        return new CostModel.Workload(
                spec.paramCount(), precision.bytes(), wire, computeMs / examples, updateMs, batch);
    }

    private static List<StepReport> run(
            NetworkSpec spec, Precision precision, OptimizerSpec opt, ExampleBlock block, int steps) {
        List<StepReport> reports = new ArrayList<>();
        TrainingState state;
        try (Network net = Network.create(spec, Network.Options.of(precision, 1), 1)) {
            state = new TrainingState(
                    net.parameters().copy(), net.buffers().copy(), opt.create(precision, spec.paramCount()));
        }
        try (InProcessGradientSource source = new InProcessGradientSource(List.of(block), spec, precision, 1)) {
            new TrainingLoop(
                            new TrainingLoop.Settings(Integer.MAX_VALUE, block.n, 1, 0, steps),
                            source,
                            step -> opt.lr(),
                            precision)
                    .run(state, new TrainingLoop.Listener() {
                        @Override
                        public void onStep(StepReport r, TrainingState s) {
                            reports.add(r);
                        }
                    });
        }
        return reports;
    }

    /**
     * Bytes per second at which one thread adds gradients of {@code params} parameters in
     * {@code precision} (the best of 3 sums of 4).
     */
    public static double sumBytesPerSecond(int params, Precision precision) {
        List<ShardResult> results = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            ShardResult r = ShardResult.empty(p);
            r.examples = 1;
            if (precision == Precision.FLOAT64) {
                r.gradDouble = new double[params];
                Arrays.fill(r.gradDouble, 0.5);
            } else {
                r.gradFloat = new float[params];
                Arrays.fill(r.gradFloat, 0.5f);
            }
            results.add(r);
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            GradientSum sum = new GradientSum(precision, params, 0, results.size());
            long t0 = System.nanoTime();
            for (ShardResult r : results) {
                sum.accept(r.partition, r);
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        return 4.0 * params * precision.bytes() / (Math.max(best, 1) / 1e9);
    }

    /** {@code n} all-zero examples of the network's input, with labels or targets its loss takes. */
    static ExampleBlock zeros(NetworkSpec spec, int n) {
        int width = spec.input().size();
        int rows = spec.output().rowsPerExample();
        int outWidth = spec.output().last();
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        float[] features = new float[n * width];
        if (spec.loss().classification()) {
            return new ExampleBlock(n, width, features, ids, new int[n * rows], null, 1, rows);
        }
        return new ExampleBlock(n, width, features, ids, null, new float[n * rows * outWidth], outWidth, rows);
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }
}
