package io.sparknn.bench;

import io.sparknn.bench.TrainerBench.Measured;
import io.sparknn.cluster.ClusterSecurity;
import io.sparknn.cluster.StandaloneCluster;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.trainer.spark.TrainingData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * What authentication and encryption cost per training step on a real cluster. Two standalone
 * clusters of the harness run side by side on this machine (two 1-core workers each), one plain and
 * one with {@link ClusterSecurity} (shared secret, AES on RPC and block transfers, encrypted local
 * disk); the driver is this JVM. Each round measures the trainer benchmark's models and batches
 * ({@link TrainerBench#runModels}, 2 partitions, 1 engine thread per task) on the plain cluster,
 * then on the secured one; the secured/plain ratio of median step times is taken within the round.
 * Prints the trainer benchmark's lines for every run, then per model and batch the median over
 * rounds of each cluster's median step time and of the per-round ratio.
 *
 * <pre>
 * java &lt;module options&gt; -Dsparknn.root=. -cp bench/target/sparknn-bench.jar:$(cat bench/target/spark-classpath.txt) \
 *     io.sparknn.bench.ClusterSecurityBench [--rounds 3] [--models mlp,lenet] [--mlp-batches 1024,4096]
 *     [--lenet-batches 256] [--seconds 6] [--warmup 8] [--data DIR]
 * </pre>
 */
public final class ClusterSecurityBench {
    private static final int PARTITIONS = 2;

    private ClusterSecurityBench() {}

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, "rounds models mlp-batches lenet-batches seconds warmup");
        int rounds = a.integer("rounds", 3);
        BenchCluster build = BenchCluster.ofThisBuild();
        ExampleBlock train = Mnist.load(a.data()).train();
        ClusterSecurity security = ClusterSecurity.withRandomSecret();
        Path base = build.root().resolve("target/bench-clusters");
        System.out.println(Environment.describe("cluster security, " + rounds + " rounds", 1));
        List<List<Measured>> plainRuns = new ArrayList<>();
        List<List<Measured>> securedRuns = new ArrayList<>();
        try (StandaloneCluster plain = StandaloneCluster.start(build.layout(), base.resolve("plain"), 2);
                StandaloneCluster secured =
                        StandaloneCluster.start(build.layout(), base.resolve("secured"), 2, security)) {
            for (int r = 1; r <= rounds; r++) {
                System.out.println("== round " + r);
                plainRuns.add(run("plain-cluster", plain, build, Map.of(), train, a));
                securedRuns.add(run("secured-cluster", secured, build, security.applicationConf(), train, a));
            }
        }
        printTable(plainRuns, securedRuns);
    }

    private static List<Measured> run(
            String mode,
            StandaloneCluster cluster,
            BenchCluster build,
            Map<String, String> security,
            ExampleBlock train,
            BenchArgs a) {
        Map<String, String> settings = build.application(PARTITIONS, "512m");
        settings.putAll(security);
        JavaSparkContext sc = LocalSpark.start(cluster.masterUrl(), "sparknn security benchmark " + mode, settings);
        try {
            JavaRDD<ExampleBlock> rdd = TrainingData.cache(
                    sc,
                    ExampleBlock.split(train, ExampleBlock.evenSizes(train.n, PARTITIONS)),
                    StorageLevel.MEMORY_ONLY());
            return TrainerBench.runModels(mode, sc, rdd, train, a, 1, a.integer("warmup", 8), a.number("seconds", 6));
        } finally {
            sc.stop();
        }
    }

    private static void printTable(List<List<Measured>> plainRuns, List<List<Measured>> securedRuns) {
        System.out.println();
        System.out.println("security: per-step cost of authentication + encryption, medians over " + plainRuns.size()
                + " rounds of each run's median step (ms); ratio: secured / plain within a round");
        System.out.printf(
                Locale.ROOT,
                "security %-6s %6s %10s %10s %10s %8s%n",
                "model",
                "batch",
                "plain",
                "secured",
                "extra",
                "ratio");
        for (int k = 0; k < plainRuns.get(0).size(); k++) {
            double[] plain = new double[plainRuns.size()];
            double[] secured = new double[plainRuns.size()];
            double[] ratio = new double[plainRuns.size()];
            for (int r = 0; r < plainRuns.size(); r++) {
                plain[r] = plainRuns.get(r).get(k).split().step();
                secured[r] = securedRuns.get(r).get(k).split().step();
                ratio[r] = secured[r] / plain[r];
            }
            Measured m = plainRuns.get(0).get(k);
            double p = new Stats(plain).median();
            double s = new Stats(secured).median();
            double medianRatio = new Stats(ratio).median();
            System.out.printf(
                    Locale.ROOT,
                    "security %-6s %6d %10.2f %10.2f %+10.2f %8.3f%n",
                    m.model().label(),
                    m.batch(),
                    p,
                    s,
                    s - p,
                    medianRatio);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT security model=%s batch=%d plain_step_ms=%.3f secured_step_ms=%.3f ratio=%.4f%n",
                    m.model().label(),
                    m.batch(),
                    p,
                    s,
                    medianRatio);
        }
    }
}
