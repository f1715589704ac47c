package io.sparknn.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code bin/sparknn-cluster}: the harness's cluster started and stopped by hand. */
public final class ClusterCommand {
    private ClusterCommand() {}

    /**
     * {@code start [base]} brings up a master and two workers and leaves them running (their PIDs
     * in {@code <base>/pids/}); {@code stop [base]} kills them. Base defaults to target/cluster.
     */
    public static void main(String[] args) throws IOException {
        String cmd = args.length > 0 ? args[0] : "";
        Path root = Path.of(System.getProperty("sparknn.root", "."))
                .toAbsolutePath()
                .normalize();
        Path base = args.length > 1 ? Path.of(args[1]) : root.resolve("target/cluster");
        switch (cmd) {
            case "start" -> {
                int existing = new PidFiles(base).stopRecorded();
                if (existing > 0) {
                    System.out.println("stopped " + existing + " process(es) of the previous cluster in " + base);
                }
                StandaloneCluster c = StandaloneCluster.start(BuildLayout.of(root), base, 2);
                c.detach(); // the cluster outlives this command
                Files.writeString(base.resolve("master-url"), c.masterUrl() + "\n");
                System.out.println(String.join(
                        "\n",
                        "master:  " + c.masterUrl() + "   (web UI " + c.masterWebUrl() + ")",
                        "workers: 2 x " + StandaloneCluster.WORKER_CORES + " core, " + StandaloneCluster.WORKER_MEMORY
                                + "; logs and PIDs in " + base,
                        "",
                        "train on it:",
                        "  SPARK_LOCAL_IP=127.0.0.1 bin/sparknn --master " + c.masterUrl()
                                + " --conf spark.driver.host=127.0.0.1 --conf spark.cores.max=2 train conf/digits-mlp.json",
                        "or with a Spark 4.2 distribution's spark-submit:",
                        "  spark-submit --master " + c.masterUrl() + " --conf spark.driver.host=127.0.0.1"
                                + " --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 --class io.sparknn.jobs.Train"
                                + " jobs/target/sparknn-jobs.jar conf/digits-mlp.json",
                        "",
                        "stop it: bin/sparknn-cluster stop"));
            }
            case "stop" -> {
                int n = new PidFiles(base).stopRecorded();
                Files.deleteIfExists(base.resolve("master-url"));
                System.out.println(
                        n == 0 ? "no cluster running in " + base : "stopped " + n + " process(es) in " + base);
            }
            default -> {
                System.err.println("usage: ClusterCommand start|stop [base dir]");
                System.exit(2);
            }
        }
    }
}
