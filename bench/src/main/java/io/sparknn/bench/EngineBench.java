package io.sparknn.bench;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.optim.LrSchedule;
import io.sparknn.engine.train.Predictor;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.Trainer;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Engine benchmark (issue 7): trains one of the two MNIST networks in this process with the
 * engine's {@link Trainer} (no Spark), float32, and prints samples/s per epoch (wall clock, and per CPU-second
 * of the process, which a shared machine disturbs less), the BLAS in use and its thread
 * settings, the GEMM GFLOP/s achieved beside sgemm's measured in the same JVM, and the test
 * accuracy after each epoch. Evaluation is not timed.
 *
 * <p>Two GEMM efficiencies: {@code gemm_efficiency}, training's 3 × forward GEMM FLOP/s over the
 * same JVM's {@code --sgemm}³ product ({@code threads} of them at once, the mean of before and
 * after training), as defined since issue 7 and used by issue 32's targets; and
 * {@code step_gemm_efficiency}, training's actual GEMM FLOP/s (no input gradient for the first
 * layer) over the same JVM's rate on this step's own products timed alone ({@link Sgemm#stepGflops},
 * after training; only at the recipe's batch on 2 threads). The second separates the time outside
 * the products from the products' own small-shape rate, which the first mixes together.
 *
 * <pre>
 * java &lt;module options&gt; -cp bench/target/sparknn-bench.jar:$(cat bench/target/spark-classpath.txt) \
 *     io.sparknn.bench.EngineBench --model mlp|lenet [--threads 2] [--epochs E] [--lr LR]
 *     [--batch B] [--seed S] [--sgemm N (0: skip)] [--max-seconds S] [--schedule cosine|constant] [--data DIR]
 * </pre>
 */
public final class EngineBench {
    private EngineBench() {}

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, "model threads epochs lr batch seed sgemm max-seconds schedule");
        String schedule = a.string("schedule", "cosine");
        double maxSeconds = a.number("max-seconds", 0);
        int sgemmSize = a.integer("sgemm", 1024);
        Models m = Models.parse(a.string("model", "mlp"));
        int threads = a.integer("threads", Runtime.getRuntime().availableProcessors());
        int epochs = a.integer("epochs", m.recipe().epochs());
        int batch = a.integer("batch", m.recipe().batch());
        double lr = a.number("lr", m.recipe().optimizer().lr());
        long seed = a.integer("seed", 1);
        Mnist data = Mnist.load(a.data());
        NetworkSpec spec = m.spec();
        long flops = 3 * Models.forwardFlops(spec);
        long gemmFlops = Models.trainingGemmFlops(spec);
        // the step's own products timed alone need Sgemm.SHAPES' rows per thread: the recipe's batch on 2 threads
        boolean stepShapes =
                sgemmSize > 0 && threads == 2 && batch == m.recipe().batch();

        System.out.println(Environment.describe("engine " + m.label(), threads));
        System.out.printf(
                Locale.ROOT,
                "network %s: %,d parameters, %.3f MFLOP per example (3x forward GEMMs), "
                        + "batch %d, %s lr %s (%s schedule over the run, stepped per batch), %d epochs%n",
                m.label(),
                spec.paramCount(),
                flops / 1e6,
                batch,
                m.recipe().optimizer().kind().text(),
                lr,
                schedule,
                epochs);
        double sgemmBefore = sgemmSize > 0 ? Sgemm.gflops(sgemmSize, threads) : Double.NaN;
        System.out.printf(Locale.ROOT, "sgemm %d^3 on %d thread(s): %.1f GFLOP/s%n", sgemmSize, threads, sgemmBefore);

        long totalSteps = (long) epochs * ((data.train().n + batch - 1) / batch);
        LrSchedule sched = switch (schedule) {
            case "cosine" -> new LrSchedule.Cosine(totalSteps, 0);
            case "constant" -> new LrSchedule.Constant();
            default -> throw new IllegalArgumentException("--schedule is cosine or constant, got " + schedule);
        };
        EpochTimes times = new EpochTimes(spec, data, flops, maxSeconds);
        new Trainer(spec)
                .precision(Precision.FLOAT32)
                .optimizer(m.recipe().optimizer().withLr(lr))
                .schedule(sched)
                .batchSize(batch)
                .epochs(epochs)
                .seed(seed)
                .threads(threads)
                .listener(times)
                .fit(data.train());
        double[] rates = times.rates.stream().mapToDouble(Double::doubleValue).toArray();
        double[] cpuRates =
                times.cpuRates.stream().mapToDouble(Double::doubleValue).toArray();
        epochs = rates.length;
        double sgemmAfter = sgemmSize > 0 ? Sgemm.gflops(sgemmSize, threads) : Double.NaN;
        double median = median(rates);
        double sgemm = (sgemmBefore + sgemmAfter) / 2;
        System.out.printf(Locale.ROOT, "sgemm %d^3 after training: %.1f GFLOP/s%n", sgemmSize, sgemmAfter);
        double stepSgemm = stepShapes ? Sgemm.stepGflops(m.label(), threads, 0.2) : Double.NaN;
        System.out.printf(
                Locale.ROOT,
                "sgemm on this step's own products (Sgemm's %s rows, %d threads at once), after training: %.1f GFLOP/s%n",
                m.label(),
                threads,
                stepSgemm);
        System.out.printf(
                Locale.ROOT,
                "RESULT engine model=%s blas=%s openblas_threads=%s engine_threads=%d "
                        + "samples_per_s=%.0f best_samples_per_s=%.0f samples_per_cpu_s=%.0f gflops=%.1f sgemm_gflops=%.1f "
                        + "gemm_efficiency=%.2f train_gemm_gflops=%.1f step_sgemm_gflops=%.1f step_gemm_efficiency=%.2f "
                        + "test_accuracy=%.4f epochs=%d train_seconds=%.1f%n",
                m.label(),
                Environment.blas(),
                Environment.openBlasThreads(),
                threads,
                median,
                Arrays.stream(rates).max().orElse(0),
                median(cpuRates),
                median * flops / 1e9,
                sgemm,
                median * flops / 1e9 / sgemm,
                median * gemmFlops / 1e9,
                stepSgemm,
                median * gemmFlops / 1e9 / stepSgemm,
                times.accuracy,
                epochs,
                times.trainSeconds);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * Times each epoch of the engine's training loop (wall clock and process CPU), from the end of
     * the previous epoch's evaluation to the epoch's last step, and prints the epoch's mean loss and
     * test accuracy (evaluation is not timed); stops at --max-seconds or when the loss diverges.
     */
    private static final class EpochTimes implements TrainingLoop.Listener {
        private final NetworkSpec spec;
        private final Mnist data;
        private final long flops;
        private final double maxSeconds;
        final List<Double> rates = new ArrayList<>();
        final List<Double> cpuRates = new ArrayList<>();
        double trainSeconds;
        double accuracy;
        private double lossSum;
        private long examples;
        /** Sums over the epoch's steps of StepReport's phases, in ns: compute, aggregate, optimizer, whole step. */
        private final long[] phases = new long[4];

        private int steps;

        private long t0 = System.nanoTime();
        private long c0 = Environment.processCpuNanos();

        EpochTimes(NetworkSpec spec, Mnist data, long flops, double maxSeconds) {
            this.spec = spec;
            this.data = data;
            this.flops = flops;
            this.maxSeconds = maxSeconds;
        }

        @Override
        public void onStep(StepReport r, TrainingState state) {
            lossSum += r.loss() * r.examples();
            examples += r.examples();
            phases[0] += r.computeNanos();
            phases[1] += r.aggregateNanos();
            phases[2] += r.optimizerNanos();
            phases[3] += r.stepNanos();
            steps++;
        }

        @Override
        public boolean onEpochEnd(int epoch, TrainingState state) {
            double s = (System.nanoTime() - t0) / 1e9;
            double rate = data.train().n / s;
            trainSeconds += s;
            rates.add(rate);
            cpuRates.add(data.train().n / ((Environment.processCpuNanos() - c0) / 1e9));
            double loss = lossSum / examples;
            Model model = new Model(
                    spec, Precision.FLOAT32, state.params.toDoubles(), state.buffers.toDoubles(), null, null, null);
            try (Predictor p = new Predictor(model)) {
                accuracy = p.evaluate(data.test()).accuracy();
            }
            System.out.printf(
                    Locale.ROOT,
                    "epoch %2d: loss %.4f  %,9.0f samples/s  %5.1f GFLOP/s  %,9.0f samples/CPU-s"
                            + "  test accuracy %.2f%%  (train time so far %.1f s)%n",
                    epoch + 1,
                    loss,
                    rate,
                    rate * flops / 1e9,
                    cpuRates.get(epoch),
                    100 * accuracy,
                    trainSeconds);
            System.out.printf(
                    Locale.ROOT,
                    "          per step (ms): compute %.3f  aggregate %.3f  optimizer %.3f  step %.3f  (%d steps)%n",
                    phases[0] / 1e6 / steps,
                    phases[1] / 1e6 / steps,
                    phases[2] / 1e6 / steps,
                    phases[3] / 1e6 / steps,
                    steps);
            java.util.Arrays.fill(phases, 0);
            steps = 0;
            lossSum = 0;
            examples = 0;
            if (maxSeconds > 0 && trainSeconds >= maxSeconds) {
                System.out.printf(
                        Locale.ROOT, "stopping after %d epochs: --max-seconds %.0f reached%n", epoch + 1, maxSeconds);
                return false;
            }
            t0 = System.nanoTime();
            c0 = Environment.processCpuNanos();
            return true;
        }
    }
}
