package io.sparknn.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1 made of real processes: one master and N workers
 * (1 core, 1 GB each), each its own JVM started from a SPARK_HOME laid out with links to the
 * build's Spark jars ({@code jobs/target/spark-classpath.txt}), and applications submitted through
 * {@code org.apache.spark.deploy.SparkSubmit} as a user's spark-submit would. Executors are
 * {@code CoarseGrainedExecutorBackend} JVMs that the workers start as their children.
 *
 * <p>Every process it starts is recorded by PID (also in {@code <base>/pids/}) and killed, with
 * its descendants, by {@link #close()}, which also runs from a shutdown hook. Ports are chosen
 * free at start. {@link ClusterCommand} is the same cluster for people: {@code bin/sparknn-cluster}.
 */
public final class StandaloneCluster implements AutoCloseable {
    /** The worker size the tests and the script use: small, so two fit on a laptop. */
    public static final int WORKER_CORES = 1;

    public static final String WORKER_MEMORY = "1g";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BuildLayout layout;
    /** Spark settings of the master and workers (security), as {@code -D} options. */
    private final Map<String, String> daemonConf;

    private final Path base;
    private final Path sparkHome;
    private final PidFiles pidFiles;
    private final int masterPort;
    private final int masterWebPort;
    private final List<ProcessHandle> started = Collections.synchronizedList(new ArrayList<>());
    private final List<ProcessHandle> workers = new ArrayList<>();
    private ProcessHandle master;
    private final Thread shutdownHook = new Thread(this::killAll, "standalone-cluster-shutdown");
    private boolean hookInstalled;
    private boolean closed;

    private StandaloneCluster(BuildLayout layout, Path base, Map<String, String> daemonConf) throws IOException {
        this.layout = layout;
        this.daemonConf = Map.copyOf(daemonConf);
        this.base = base.toAbsolutePath().normalize();
        this.sparkHome = this.base.resolve("spark-home");
        this.pidFiles = new PidFiles(this.base);
        this.masterPort = freePort();
        this.masterWebPort = freePort();
    }

    /**
     * Starts a master and {@code workers} workers under {@code base} (which it empties) and
     * returns once all workers are registered; on any failure everything started is killed.
     */
    public static StandaloneCluster start(BuildLayout layout, Path base, int workers) throws IOException {
        return start(layout, base, workers, Map.of());
    }

    /**
     * As {@link #start(BuildLayout, Path, int)}, the master and workers authenticating and
     * encrypting with {@code security}; applications add {@link ClusterSecurity#applicationConf()}
     * to their conf (one submitted without it is refused).
     */
    public static StandaloneCluster start(BuildLayout layout, Path base, int workers, ClusterSecurity security)
            throws IOException {
        return start(layout, base, workers, security.daemonConf());
    }

    private static StandaloneCluster start(BuildLayout layout, Path base, int workers, Map<String, String> daemonConf)
            throws IOException {
        StandaloneCluster c = new StandaloneCluster(layout, base, daemonConf);
        c.installHook();
        try {
            c.layOut();
            c.startMaster();
            for (int i = 1; i <= workers; i++) {
                c.startWorker(i);
            }
            c.awaitAliveWorkers(workers);
            return c;
        } catch (IOException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    public String masterWebUrl() {
        return "http://127.0.0.1:" + masterWebPort;
    }

    public Path base() {
        return base;
    }

    public BuildLayout layout() {
        return layout;
    }

    /** The worker JVMs, 0-based in start order. */
    public ProcessHandle worker(int i) {
        return workers.get(i);
    }

    public int workerCount() {
        return workers.size();
    }

    /** Where worker {@code i} (0-based) keeps each executor's stdout and stderr. */
    public Path workDir(int i) {
        return base.resolve("work-" + (i + 1));
    }

    /** The master's state as its web UI serves it ({@code /json/}). */
    public JsonNode masterState() {
        try {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(masterWebUrl() + "/json/"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + masterWebUrl() + "/json/", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The live executors of every worker. */
    public List<ClusterExecutor> executors() {
        List<ClusterExecutor> out = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            if (workers.get(i).isAlive()) {
                out.addAll(ClusterExecutor.childrenOf(i, workers.get(i)));
            }
        }
        return out;
    }

    /**
     * Submits {@code mainClass} from the job jar through SparkSubmit in client mode (the returned
     * process is the driver) to {@code master} ({@link #masterUrl()} or {@code local[n]}), with
     * Spark's Java 17 module options on driver and executors and OPENBLAS_NUM_THREADS=1 on both.
     */
    public Application submit(
            String name,
            String master,
            List<String> driverJvmOptions,
            Map<String, String> conf,
            String mainClass,
            List<String> args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(layout.java());
        cmd.addAll(layout.moduleOptions());
        cmd.add("-Xmx1g");
        cmd.add("-Dlog4j.configurationFile=" + layout.root().resolve("conf/log4j2.properties"));
        cmd.addAll(driverJvmOptions);
        cmd.addAll(List.of(
                "-cp",
                sparkHome.resolve("jars") + File.separator + "*",
                "org.apache.spark.deploy.SparkSubmit",
                "--master",
                master,
                "--name",
                name));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("spark.driver.host", "127.0.0.1");
        all.put("spark.driver.bindAddress", "127.0.0.1");
        all.put("spark.ui.enabled", "false");
        all.put("spark.ui.showConsoleProgress", "false");
        all.put("spark.executor.extraJavaOptions", String.join(" ", layout.moduleOptions()));
        all.put("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
        all.putAll(conf);
        all.forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
        cmd.addAll(List.of("--class", mainClass, layout.jobJar().toString()));
        cmd.addAll(args);
        Path log = base.resolve("apps").resolve(name + ".log");
        Files.createDirectories(log.getParent());
        Process p = launch(cmd, log, "app-" + name);
        return new Application(name, p, log, this::untrack);
    }

    /** Kills every process this cluster started (and their children), newest first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        killAll();
        if (hookInstalled) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running or ran
            }
        }
    }

    private void killAll() {
        List<ProcessHandle> mine;
        synchronized (started) {
            mine = new ArrayList<>(started);
        }
        Collections.reverse(mine); // applications, then workers (with their executors), then the master
        for (ProcessHandle p : mine) {
            ProcessTree.killTree(p);
        }
        // executors whose worker was killed were re-parented and are no longer its descendants;
        // their command line names this cluster's SPARK_HOME
        orphans().forEach(ProcessTree::killTree);
        pidFiles.deleteAll();
    }

    private Stream<ProcessHandle> orphans() {
        String home = sparkHome.toString() + File.separator;
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .filter(p -> ProcessTree.commandLine(p).contains(home));
    }

    /** Leaves the cluster running after this JVM exits (for {@code bin/sparknn-cluster start}). */
    void detach() {
        if (hookInstalled) {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            hookInstalled = false;
        }
    }

    private void installHook() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        hookInstalled = true;
    }

    private void untrack(ProcessHandle p) {
        started.remove(p);
    }

    /** A SPARK_HOME whose jars/ links to the build's Spark jars; a worker starts executors from it. */
    private void layOut() throws IOException {
        pidFiles.stopRecorded(); // leftovers of a run whose JVM died without its shutdown hook
        deleteRecursively(base);
        Path jars = sparkHome.resolve("jars");
        Files.createDirectories(jars);
        for (Path jar : layout.sparkClasspath()) {
            Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
        }
    }

    private void startMaster() throws IOException {
        Process p = launch(
                daemon(
                        "org.apache.spark.deploy.master.Master",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(masterPort),
                        "--webui-port",
                        String.valueOf(masterWebPort)),
                base.resolve("master.log"),
                "master");
        master = p.toHandle();
    }

    private void startWorker(int i) throws IOException {
        Path work = base.resolve("work-" + i);
        Files.createDirectories(work);
        Process p = launch(
                daemon(
                        "org.apache.spark.deploy.worker.Worker",
                        "--host",
                        "127.0.0.1",
                        "--cores",
                        String.valueOf(WORKER_CORES),
                        "--memory",
                        WORKER_MEMORY,
                        "--work-dir",
                        work.toString(),
                        "--webui-port",
                        String.valueOf(freePort()),
                        masterUrl()),
                base.resolve("worker-" + i + ".log"),
                "worker-" + i);
        workers.add(p.toHandle());
    }

    private List<String> daemon(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(layout.java());
        cmd.addAll(layout.moduleOptions());
        // the daemons only pass messages: a small heap, and no C2 compiler threads competing
        // with the executors for the cores
        cmd.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        daemonConf.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*", mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Process launch(List<String> cmd, Path log, String pidName) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13"); // else executors fail: "Cannot find any build directories"
        env.put("SPARK_LOCAL_IP", "127.0.0.1"); // else Spark binds to the external interface
        env.put("OPENBLAS_NUM_THREADS", "1");
        env.remove("SPARK_CONF_DIR");
        Process p = pb.start();
        started.add(p.toHandle());
        pidFiles.record(pidName, p.pid());
        return p;
    }

    private void awaitAliveWorkers(int n) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                throw new IllegalStateException("the master exited; see " + base.resolve("master.log"));
            }
            for (int i = 0; i < workers.size(); i++) {
                if (!workers.get(i).isAlive()) {
                    throw new IllegalStateException(
                            "worker " + (i + 1) + " exited; see " + base.resolve("worker-" + (i + 1) + ".log"));
                }
            }
            try {
                JsonNode s = masterState();
                last = "aliveworkers=" + s.path("aliveworkers").asInt();
                if (s.path("aliveworkers").asInt() >= n) {
                    return;
                }
            } catch (UncheckedIOException e) {
                last = e.getCause().toString(); // the web UI is not up yet
            }
            Polling.sleep(500);
        }
        throw new IllegalStateException(
                "the workers did not register within " + START_TIMEOUT + " (" + last + "); see " + base);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
