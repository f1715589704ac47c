package io.sparknn.jobs.bench;

import io.sparknn.engine.Batch;
import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.TensorKernels;
import io.sparknn.engine.loss.Targets;
import io.sparknn.engine.optim.LrSchedule;
import io.sparknn.engine.optim.Optimizer;
import io.sparknn.engine.train.ExampleBlock;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;

/**
 * Engine benchmark (issue 7): trains one of the two MNIST networks in this process with a plain
 * engine loop (no Spark), float32, and prints samples/s per epoch (wall clock, and per CPU-second
 * of the process, which a shared machine disturbs less), the BLAS in use and its thread
 * settings, the GEMM GFLOP/s achieved beside sgemm's measured in the same JVM, and the test
 * accuracy after each epoch. Evaluation is not timed.
 *
 * <pre>
 * java &lt;module options&gt; -cp jobs/target/sparknn-jobs.jar:$(cat jobs/target/spark-classpath.txt) \
 *     io.sparknn.jobs.bench.EngineBench --model mlp|lenet [--threads 2] [--epochs E] [--lr LR]
 *     [--batch B] [--seed S] [--sgemm N (0: skip)] [--max-seconds S] [--schedule cosine|constant] [--data DIR]
 * </pre>
 */
public final class EngineBench {
    private EngineBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, "model", "threads", "epochs", "lr", "batch", "seed", "sgemm", "max-seconds", "schedule");
        String schedule = a.string("schedule", "cosine");
        double maxSeconds = a.number("max-seconds", 0);
        int sgemmSize = a.integer("sgemm", 1024);
        Models m = Models.parse(a.string("model", "mlp"));
        int threads = a.integer("threads", Runtime.getRuntime().availableProcessors());
        int epochs = a.integer("epochs", m.epochs);
        int batch = a.integer("batch", m.batch);
        double lr = a.number("lr", m.optimizer.lr());
        long seed = a.integer("seed", 1);
        Mnist data = Mnist.load(a.data());
        NetworkSpec spec = m.spec();
        long flops = 3 * Models.forwardFlops(spec);

        System.out.println(Environment.describe("engine " + m.label(), threads));
        System.out.printf(Locale.ROOT, "network %s: %,d parameters, %.3f MFLOP per example (3x forward GEMMs), "
                + "batch %d, %s lr %s (%s schedule over the run, stepped per batch), %d epochs%n", m.label(),
                spec.paramCount(), flops / 1e6, batch, m.optimizer.kind().text(), lr, schedule, epochs);
        double sgemmBefore = sgemmSize > 0 ? Sgemm.gflops(sgemmSize, threads) : Double.NaN;
        System.out.printf(Locale.ROOT, "sgemm %d^3 on %d thread(s): %.1f GFLOP/s%n", sgemmSize, threads, sgemmBefore);

        double[] rates = new double[epochs];
        double[] cpuRates = new double[epochs];
        double trainSeconds = 0;
        double accuracy = 0;
        try (Network net = Network.create(spec, Network.Options.of(Precision.FLOAT32, threads), seed)) {
            Optimizer opt = m.optimizer.withLr(lr).create(Precision.FLOAT32, spec.paramCount());
            long totalSteps = (long) epochs * ((data.train().n + batch - 1) / batch);
            LrSchedule sched = switch (schedule) {
                case "cosine" -> new LrSchedule.Cosine(totalSteps, 0);
                case "constant" -> new LrSchedule.Constant();
                default -> throw new IllegalArgumentException("--schedule is cosine or constant, got " + schedule);
            };
            Trainer t = new Trainer(net, opt, data.train(), batch, sched.forBaseLr(lr));
            for (int e = 0; e < epochs; e++) {
                long t0 = System.nanoTime();
                long c0 = Environment.processCpuNanos();
                double loss = t.epoch(new SplittableRandom(seed * 1000 + e));
                double s = (System.nanoTime() - t0) / 1e9;
                trainSeconds += s;
                rates[e] = data.train().n / s;
                cpuRates[e] = data.train().n / ((Environment.processCpuNanos() - c0) / 1e9);
                accuracy = accuracy(net, data.test());
                System.out.printf(Locale.ROOT, "epoch %2d: loss %.4f  %,9.0f samples/s  %5.1f GFLOP/s  %,9.0f samples/CPU-s"
                        + "  test accuracy %.2f%%  (train time so far %.1f s)%n", e + 1, loss, rates[e], rates[e] * flops / 1e9,
                        cpuRates[e], 100 * accuracy, trainSeconds);
                if (!Double.isFinite(loss)) {
                    System.out.printf(Locale.ROOT, "diverged in epoch %d (loss %s): lower --lr%n", e + 1, loss);
                    System.exit(1);
                }
                if (maxSeconds > 0 && trainSeconds >= maxSeconds && e + 1 < epochs) {
                    System.out.printf(Locale.ROOT, "stopping after %d epochs: --max-seconds %.0f reached%n", e + 1, maxSeconds);
                    rates = Arrays.copyOf(rates, e + 1);
                    cpuRates = Arrays.copyOf(cpuRates, e + 1);
                    epochs = e + 1;
                    break;
                }
            }
        }
        double sgemmAfter = sgemmSize > 0 ? Sgemm.gflops(sgemmSize, threads) : Double.NaN;
        double median = median(rates);
        double sgemm = (sgemmBefore + sgemmAfter) / 2;
        System.out.printf(Locale.ROOT, "sgemm %d^3 after training: %.1f GFLOP/s%n", sgemmSize, sgemmAfter);
        System.out.printf(Locale.ROOT, "RESULT engine model=%s blas=%s openblas_threads=%s engine_threads=%d "
                        + "samples_per_s=%.0f best_samples_per_s=%.0f samples_per_cpu_s=%.0f gflops=%.1f sgemm_gflops=%.1f "
                        + "gemm_efficiency=%.2f test_accuracy=%.4f epochs=%d train_seconds=%.1f%n", m.label(), Environment.blas(),
                Environment.openBlasThreads(), threads, median, Arrays.stream(rates).max().orElse(0), median(cpuRates),
                median * flops / 1e9, sgemm, median * flops / 1e9 / sgemm, accuracy, epochs, trainSeconds);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Fraction of the block's examples whose arg-max output is the label; inference mode, in chunks. */
    static double accuracy(Network net, ExampleBlock b) {
        int correct = 0;
        int chunk = 1000;
        for (int from = 0; from < b.n; from += chunk) {
            int n = Math.min(chunk, b.n - from);
            Storage x = Storage.allocate(Precision.FLOAT32, n * b.width);
            x.copyFrom(b.features, from * b.width, 0, n * b.width);
            float[] y = ((FloatStorage) net.predict(x, n)).data;
            int classes = y.length / n;
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int j = 1; j < classes; j++) {
                    if (y[i * classes + j] > y[i * classes + best]) {
                        best = j;
                    }
                }
                if (best == b.labels[from + i]) {
                    correct++;
                }
            }
        }
        return correct / (double) b.n;
    }

    /**
     * The plain loop: shuffled minibatches, gradient sum ÷ count, one optimizer step at the
     * schedule's rate (cosine annealing to 0 over the run by default, so the last epochs settle
     * instead of bouncing at Adam's full rate); buffers reused.
     */
    static final class Trainer {
        private final Network net;
        private final Optimizer opt;
        private final ExampleBlock data;
        private final int batch;
        private final LongToDoubleFunction lr;
        private long step;
        private final TensorKernels k = TensorKernels.of(Precision.FLOAT32);
        private final Storage x;
        private final int[] order;

        Trainer(Network net, Optimizer opt, ExampleBlock data, int batch, LongToDoubleFunction lr) {
            this.net = net;
            this.opt = opt;
            this.data = data;
            this.batch = batch;
            this.lr = lr;
            this.x = Storage.allocate(Precision.FLOAT32, batch * data.width);
            this.order = new int[data.n];
        }

        /** One epoch in a fresh random order; returns the mean training loss. */
        double epoch(SplittableRandom rng) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double lossSum = 0;
            long count = 0;
            for (int from = 0; from < data.n; from += batch) {
                LossResult r = step(from, Math.min(batch, data.n - from));
                lossSum += r.sum();
                count += r.count();
            }
            return lossSum / count;
        }

        private LossResult step(int from, int n) {
            int w = data.width;
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                int row = order[from + i];
                x.copyFrom(data.features, row * w, i * w, w);
                labels[i] = data.labels[row];
            }
            LossResult r = net.computeGradients(new Batch(x, n, Targets.labels(labels), null, 0, 0));
            Storage g = net.gradients();
            k.scale(g, 0, g.length(), 1.0 / r.count());
            opt.step(net.parameters(), g, lr.applyAsDouble(step++));
            return r;
        }
    }
}
