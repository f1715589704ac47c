package io.sparknn.trainer.plan;

import io.sparknn.trainer.config.AggregationMode;
import io.sparknn.trainer.config.GradientWire;
import java.util.List;

/**
 * One step's time on P executors (one partition and one core each), as a sum of parts, none
 * overlapping (a bound from above where Spark overlaps them):
 *
 * <pre>
 * compute per example × ⌈batch / P⌉            the slowest shard (P ≤ cores; else batch / cores)
 * + update                                     the optimizer on the driver
 * + job + stage × (stages − 1) + task × tasks   Spark's scheduling, the driver's serial part
 * + broadcast: (W + ⌈log₂ P⌉ × min(W, 4 MB)) / bandwidth      the weights, pieces relayed between executors
 * + driver in / bandwidth                      every result through the driver's one link
 * + shuffle: the busiest executor's link       reduce-scatter (P − 1)/P × G, depth 2 (⌈√P⌉ − 1) × G
 * + sums / sum rate                            the additions: driver P × W at depth 1; reducer and driver
 * + latency × messages                         broadcast hops, launch and result per stage, one fetch round
 * </pre>
 *
 * W is the weights' bytes, G a gradient's on the wire; the bytes per channel are {@link StepBytes}.
 * The constants ({@link Constants#MEASURED}) were fitted on this project's benchmark cluster
 * (BENCHMARKS.md, "A per-step cost model"); stragglers, a shared network and memory are not modelled.
 */
public final class CostModel {
    /** Spark's broadcast piece ({@code spark.broadcast.blockSize}, 4 MB). */
    public static final double BROADCAST_PIECE_BYTES = 4 * 1024 * 1024;

    private final Constants c;

    /** {@link Constants#MEASURED}'s job cost: the one-executor fit to the scale run of 2026-12-07 21:15–21:32, load 9–31 (BENCHMARKS.md). */
    static final double MEASURED_JOB_MS = 47.8;

    /** {@link Constants#MEASURED}'s task cost, from the same fit. */
    static final double MEASURED_TASK_MS = 75.8;

    public CostModel(Constants constants) {
        this.c = constants;
    }

    /**
     * The cluster's constants.
     *
     * @param jobMs          a step's one Spark job, whatever its tasks
     * @param stageMs        each stage after the first (a shuffle's map-output bookkeeping, a second launch round)
     * @param taskMs         each task: the driver's serial launch and result handling
     * @param bandwidthBytesPerSecond each process's link, each way (10 Gb/s: 1.25e9)
     * @param latencyMs      one message on the critical path
     * @param sumBytesPerSecond how fast one process adds gradients (bytes of the network's precision)
     */
    public record Constants(
            double jobMs,
            double stageMs,
            double taskMs,
            double bandwidthBytesPerSecond,
            double latencyMs,
            double sumBytesPerSecond) {
        /**
         * Fitted on the benchmark cluster at load 10–31 (BENCHMARKS.md, "A per-step cost model"):
         * job and task costs from its one-executor steps (a second stage counted as its tasks), an
         * upper bound; 10 Gb/s and 0.5 ms a message as stated for a data centre; the sum rate of
         * {@code GradientSum} on one core here (a 40 MB gradient).
         */
        public static final Constants MEASURED =
                new Constants(MEASURED_JOB_MS, 0, MEASURED_TASK_MS, gbps(10), 0.5, 1.3e9);

        /**
         * Spark's own floor at low load (BENCHMARKS.md: an empty job with 2 tasks on local[2], 10–17
         * ms): job 12 ms, a second stage 6 ms, 1 ms a task on the driver. An assumption for a quiet
         * cluster, not a fit.
         */
        public static final Constants QUIET = new Constants(12, 6, 1, gbps(10), 0.5, 1.3e9);

        /** These constants with another latency per message. */
        public Constants withLatency(double ms) {
            return new Constants(jobMs, stageMs, taskMs, bandwidthBytesPerSecond, ms, sumBytesPerSecond);
        }

        /** These constants with another link speed. */
        public Constants withBandwidthGbps(double gbps) {
            return new Constants(jobMs, stageMs, taskMs, gbps(gbps), latencyMs, sumBytesPerSecond);
        }

        /** These constants with other overheads (a fit). */
        public Constants withOverheads(double job, double stage, double task) {
            return new Constants(job, stage, task, bandwidthBytesPerSecond, latencyMs, sumBytesPerSecond);
        }
    }

    /** Bytes per second of a link of {@code gbps} gigabits per second. */
    public static double gbps(double gbps) {
        return gbps * 1e9 / 8;
    }

    /**
     * A network and batch: what a few local steps measure.
     *
     * @param params               parameters
     * @param precisionBytes       4 (float32) or 8 (float64)
     * @param wire                 the gradient wire
     * @param computeMsPerExample  forward and backward, one core
     * @param updateMs             the optimizer's step on the driver
     * @param batch                the global batch
     */
    public record Workload(
            long params,
            int precisionBytes,
            GradientWire wire,
            double computeMsPerExample,
            double updateMs,
            int batch) {
        public Workload withBatch(int b) {
            return new Workload(params, precisionBytes, wire, computeMsPerExample, updateMs, b);
        }

        public Workload withWire(GradientWire w) {
            return new Workload(params, precisionBytes, w, computeMsPerExample, updateMs, batch);
        }

        double weightBytes() {
            return (double) params * precisionBytes;
        }
    }

    /** A step's predicted parts, in milliseconds, and its bytes. */
    public record Prediction(
            AggregationMode mode,
            int executors,
            StepBytes bytes,
            double computeMs,
            double updateMs,
            double schedulingMs,
            double broadcastMs,
            double driverInMs,
            double shuffleMs,
            double sumMs,
            double latencyMs) {
        public double stepMs() {
            return computeMs + updateMs + schedulingMs + broadcastMs + driverInMs + shuffleMs + sumMs + latencyMs;
        }

        /** Everything but the compute: what does not shrink with more executors. */
        public double overheadMs() {
            return stepMs() - computeMs;
        }
    }

    /** The step on {@code executors} executors, each with its own core. */
    public Prediction predict(Workload w, AggregationMode mode, int executors) {
        return predict(w, mode, executors, Integer.MAX_VALUE);
    }

    /**
     * The step on {@code executors} executors sharing {@code cores} cores (the benchmark machine):
     * the shards' compute runs min(P, cores) at a time, so the slowest shard takes
     * batch / min(P, cores) examples' time. Only the compute is corrected.
     */
    public Prediction predict(Workload w, AggregationMode mode, int executors, int cores) {
        AggregationMode m = StepBytes.resolve(mode, executors, (long) w.weightBytes());
        int p = executors;
        StepBytes bytes = StepBytes.of(m, w.params(), w.precisionBytes(), w.wire(), p);
        double bw = c.bandwidthBytesPerSecond();
        double weights = w.weightBytes();
        double gradient = StepBytes.gradientBytes(w.params(), w.precisionBytes(), w.wire());
        double examples = p <= cores ? Math.ceil((double) w.batch() / p) : (double) w.batch() / cores;
        double compute = w.computeMsPerExample() * examples;
        double scheduling = c.jobMs() + c.stageMs() * (bytes.stages() - 1) + c.taskMs() * bytes.tasks();
        int hops = log2Ceil(p);
        double broadcast = ms(weights + hops * Math.min(weights, BROADCAST_PIECE_BYTES), bw);
        double driverIn = ms(bytes.driverIn(), bw);
        double shuffle;
        double sums;
        switch (m) {
            case DEPTH_1:
                shuffle = 0;
                sums = p * weights;
                break;
            case DEPTH_2:
                shuffle = ms((StepBytes.groupSize(p) - 1) * gradient, bw);
                sums = (StepBytes.groupSize(p) + StepBytes.groups(p)) * weights;
                break;
            default: // reduce-scatter: each link sends and receives all but its own slice
                shuffle = ms(gradient * (p - 1) / p, bw);
                sums = 2 * weights; // a reducer adds P slices of W / P; the driver copies them into place
                break;
        }
        int messages = hops + 1 + 2 * bytes.stages() + (bytes.stages() - 1);
        return new Prediction(
                m,
                p,
                bytes,
                compute,
                w.updateMs(),
                scheduling,
                broadcast,
                driverIn,
                shuffle,
                ms(sums, c.sumBytesPerSecond()),
                c.latencyMs() * messages);
    }

    /**
     * Parallel efficiency: one executor's step (depth 1) over P times this mode's step on P, at the
     * same global batch. 1 when P executors are P times as fast.
     */
    public double efficiency(Workload w, AggregationMode mode, int executors) {
        double one = predict(w, AggregationMode.DEPTH_1, 1).stepMs();
        return one / (executors * predict(w, mode, executors).stepMs());
    }

    /**
     * The smallest global batch, a multiple of {@code executors}, at which {@code mode} on that many
     * executors reaches {@code target} efficiency; -1 when none up to about 2^25 (33.5 M) does.
     */
    public int smallestBatch(Workload w, AggregationMode mode, int executors, double target) {
        int hi = executors;
        while (efficiency(w.withBatch(hi), mode, executors) < target) {
            if (hi >= (1 << 25)) {
                return -1;
            }
            hi *= 2;
        }
        int lo = hi / 2; // efficiency grows with the batch: lo fails (or is below P), hi passes
        int loK = lo / executors;
        int hiK = hi / executors;
        while (hiK - loK > 1) {
            int mid = (loK + hiK) >>> 1;
            if (efficiency(w.withBatch(mid * executors), mode, executors) >= target) {
                hiK = mid;
            } else {
                loK = mid;
            }
        }
        return hiK * executors;
    }

    /** The mode with the shortest predicted step (depth 1 on a tie: it needs no shuffle). */
    public Prediction best(Workload w, int executors, List<AggregationMode> modes) {
        Prediction best = null;
        for (AggregationMode m : modes) {
            Prediction p = predict(w, m, executors);
            if (best == null || p.stepMs() < best.stepMs()) {
                best = p;
            }
        }
        return best;
    }

    /** ⌈log₂ P⌉: the relay rounds a broadcast piece needs to reach P executors from one (0 for P = 1). */
    public static int log2Ceil(int p) {
        return p <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(p - 1);
    }

    private static double ms(double bytes, double bytesPerSecond) {
        return bytes / bytesPerSecond * 1000;
    }

    /**
     * Job, stage and task costs by least squares: each observation's overhead (its measured step
     * minus what the model's other parts predict) as job + stage × (stages − 1) + task × tasks.
     * Needs observations with at least two stage counts and two task counts per stage count.
     *
     * @return {job, stage, task} in ms
     */
    public static double[] fitOverheads(List<Overhead> observations) {
        double[][] a = new double[3][4];
        for (Overhead o : observations) {
            double[] x = {1, o.stages() - 1, o.tasks()};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    a[i][j] += x[i] * x[j];
                }
                a[i][3] += x[i] * o.ms();
            }
        }
        return solve(a);
    }

    /**
     * Job and task costs by least squares, the stage cost taken as 0 (a second stage's cost lands in
     * its tasks): for observations whose stage counts cannot be told apart from their task counts.
     *
     * @return {job, task} in ms
     */
    public static double[] fitJobAndTask(List<Overhead> observations) {
        double[][] a = new double[2][3];
        for (Overhead o : observations) {
            double[] x = {1, o.tasks()};
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    a[i][j] += x[i] * x[j];
                }
                a[i][2] += x[i] * o.ms();
            }
        }
        return solve(a);
    }

    /** An observed step's overhead: its measured time minus the predicted compute, bytes, sums and latency. */
    public record Overhead(int stages, int tasks, double ms) {}

    /** Gaussian elimination with partial pivoting on an n × (n + 1) augmented matrix. */
    static double[] solve(double[][] a) {
        int n = a.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            if (Math.abs(a[col][col]) < 1e-12) {
                throw new IllegalArgumentException("the observations do not determine the fit (column " + col + ")");
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int k = col; k <= n; k++) {
                        a[r][k] -= f * a[col][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a[i][n] / a[i][i];
        }
        return x;
    }
}
