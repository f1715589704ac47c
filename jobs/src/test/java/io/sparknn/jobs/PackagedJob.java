package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A job's main class run from the packaged job jar in a JVM of its own, as bin/sparknn and
 * spark-submit run it: the exit code is the one the operating system sees. For tests under
 * Failsafe, after packaging.
 */
final class PackagedJob {
    private PackagedJob() {}

    /**
     * The job jar and Spark's jars, which must hold the classes just compiled: a name filter such as
     * {@code -Dtest='BadInput*'} also picks an IT up in Surefire's test phase, before packaging, where
     * it is skipped rather than run against a missing or stale jar.
     */
    static String classpath() throws IOException {
        Path target = Paths.get("target").toAbsolutePath();
        Path jar = target.resolve("sparknn-jobs.jar");
        Path spark = target.resolve("spark-classpath.txt");
        Path compiled = target.resolve("classes/io/sparknn/jobs/Train.class");
        assumeTrue(
                Files.isRegularFile(jar)
                        && Files.isRegularFile(spark)
                        && !Files.getLastModifiedTime(jar)
                                .toInstant()
                                .isBefore(Files.getLastModifiedTime(compiled).toInstant()),
                "the job jar is not packaged from the current classes: run under Failsafe (mvn verify)");
        return jar + File.pathSeparator + Files.readString(spark).strip();
    }

    /**
     * Runs {@code mainClass args} with Spark's module options (less those {@code dropOptions} names),
     * {@code jvmOptions} and the project's log4j settings, stdout and stderr to the given files (null
     * discards stdout; stderr equal to stdout merges them); returns the exit code.
     */
    static int run(
            String classpath,
            List<String> dropOptions,
            List<String> jvmOptions,
            String mainClass,
            List<String> args,
            Path stdout,
            Path stderr,
            long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : JavaModuleOptions.defaultModuleOptions().split("\\s+")) {
            if (!dropOptions.contains(option)) {
                cmd.add(option);
            }
        }
        cmd.addAll(jvmOptions);
        Path log4j =
                Paths.get("..", "conf", "log4j2.properties").toAbsolutePath().normalize();
        if (Files.isRegularFile(log4j)) {
            cmd.add("-Dlog4j.configurationFile=" + log4j);
        }
        cmd.addAll(List.of("-cp", classpath, mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(
                        stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        if (stderr.equals(stdout)) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(stderr.toFile());
        }
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.start();
        try {
            assertTrue(
                    p.waitFor(timeoutSeconds, TimeUnit.SECONDS),
                    mainClass + " " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s");
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
        }
        return p.exitValue();
    }
}
