package io.sparknn.yarn;

import io.sparknn.cluster.BuildLayout;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code org.apache.spark.deploy.SparkSubmit} processes as a user's {@code spark-submit}
 * would: on the build's Spark classpath ({@code jobs/target/spark-classpath.txt}, what
 * {@code bin/sparknn} uses) plus {@code spark-yarn}, with the mini-cluster's client settings in
 * {@code HADOOP_CONF_DIR} (and on the classpath, where Hadoop reads them), and the job jar.
 *
 * <p>Those jars are linked into one directory: the submitting JVM's classpath, and, as
 * {@code spark.yarn.jars=local:<dir>/*}, the classpath of every container, which then reads them
 * where they are on this machine instead of each application uploading some 300 MB of Spark to HDFS.
 */
final class Submitter {
    private final BuildLayout layout;
    private final Path jars;
    private final Path hadoopConf;
    private final Path logs;

    private Submitter(BuildLayout layout, Path jars, Path hadoopConf, Path logs) {
        this.layout = layout;
        this.jars = jars;
        this.hadoopConf = hadoopConf;
        this.logs = logs;
    }

    /**
     * @param yarnClasspath the file listing what YARN support adds ({@code target/yarn-classpath.txt})
     * @param base where the jar links and the submissions' logs go
     */
    static Submitter create(BuildLayout layout, Path yarnClasspath, Path hadoopConf, Path base) throws IOException {
        Path jars = Files.createDirectories(base.resolve("spark-jars"));
        List<Path> all = new ArrayList<>(layout.sparkClasspath());
        for (String s :
                Files.readString(yarnClasspath, StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
            all.add(Path.of(s));
        }
        for (Path jar : all) {
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, jar);
            }
        }
        return new Submitter(layout, jars, hadoopConf, Files.createDirectories(base.resolve("submissions")));
    }

    BuildLayout layout() {
        return layout;
    }

    /**
     * The settings every YARN application here gets: the local jars, small containers (512 MB
     * heaps; YARN adds Spark's 384 MB overhead), two 1-core executors that both register before
     * the first job (so the run is spread over two JVMs), {@code OPENBLAS_NUM_THREADS=1} and the
     * loopback interface in the ApplicationMaster and executors, and the JVM the build runs on.
     */
    Map<String, String> yarnConf() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("spark.yarn.jars", "local:" + jars + File.separator + "*");
        c.put("spark.driver.memory", "512m");
        c.put("spark.executor.memory", "512m");
        c.put("spark.executor.instances", "2");
        c.put("spark.executor.cores", "1");
        c.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        c.put("spark.ui.enabled", "false");
        c.put("spark.ui.showConsoleProgress", "false");
        c.put("spark.yarn.maxAppAttempts", "1"); // a failure is not retried unless a test asks for it
        String javaHome = System.getProperty("java.home");
        for (String env : List.of("spark.yarn.appMasterEnv.", "spark.executorEnv.")) {
            c.put(env + "OPENBLAS_NUM_THREADS", "1");
            c.put(env + "SPARK_LOCAL_IP", "127.0.0.1");
            c.put(env + "JAVA_HOME", javaHome);
            String ld = System.getenv("LD_LIBRARY_PATH");
            if (ld != null && !ld.isEmpty()) {
                c.put(env + "LD_LIBRARY_PATH", ld); // the BLAS the local reference loads
            }
        }
        return c;
    }

    /**
     * Starts SparkSubmit with {@code args} (everything after {@code SparkSubmit}: master, deploy
     * mode, files, confs, class, jar, job arguments); its output goes to {@code <logs>/<name>.log}.
     * {@code toHadoop}: with the mini-cluster's settings (HDFS the default file system), else with
     * none (the local disk).
     */
    private Submission start(String name, boolean toHadoop, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(layout.java());
        cmd.addAll(layout.moduleOptions());
        cmd.add("-Xmx512m");
        String cp = jars + File.separator + "*";
        cmd.addAll(List.of("-cp", toHadoop ? hadoopConf + File.pathSeparator + cp : cp));
        cmd.add("org.apache.spark.deploy.SparkSubmit");
        cmd.addAll(args);
        Path log = logs.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        if (toHadoop) {
            env.put("HADOOP_CONF_DIR", hadoopConf.toString());
        } else {
            env.remove("HADOOP_CONF_DIR");
        }
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OPENBLAS_NUM_THREADS", "1");
        env.remove("SPARK_CONF_DIR");
        env.remove("YARN_CONF_DIR");
        return new Submission(name, cmd, pb.start(), log);
    }

    /**
     * {@code SparkSubmit --master yarn --deploy-mode cluster --name <name> --files <file>... --conf
     * k=v... --class <main> <job jar> <args>}, with {@link #yarnConf()} under {@code conf}.
     */
    Submission cluster(String name, List<Path> files, Map<String, String> conf, String main, List<String> args)
            throws IOException {
        List<String> a = new ArrayList<>(List.of("--master", "yarn", "--deploy-mode", "cluster", "--name", name));
        if (!files.isEmpty()) {
            a.add("--files");
            a.add(String.join(",", files.stream().map(Path::toString).toList()));
        }
        Map<String, String> all = new LinkedHashMap<>(yarnConf());
        all.putAll(conf);
        all.forEach((k, v) -> a.addAll(List.of("--conf", k + "=" + v)));
        a.addAll(List.of("--class", main, layout.jobJar().toString()));
        a.addAll(args);
        return start(name, true, a);
    }

    /**
     * The same job in local mode ({@code local[2]}), the driver being the SparkSubmit process, on
     * the local disk (no Hadoop settings).
     */
    Submission local(String name, String main, List<String> args) throws IOException {
        List<String> a = new ArrayList<>(List.of(
                "--master",
                "local[2]",
                "--name",
                name,
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.ui.showConsoleProgress=false",
                "--class",
                main,
                layout.jobJar().toString()));
        a.addAll(args);
        return start(name, false, a);
    }
}
