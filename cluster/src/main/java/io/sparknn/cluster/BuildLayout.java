package io.sparknn.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * Where the build put things: the project root, the job jar ({@code jobs/target/sparknn-jobs.jar})
 * and Spark's classpath ({@code jobs/target/spark-classpath.txt}), with the Java 17 module
 * options Spark's launcher adds and the running JVM's {@code java}.
 */
public record BuildLayout(Path root, Path jobJar, List<Path> sparkClasspath, List<String> moduleOptions, String java) {
    /** Finds the project from the working directory (the project root or one of its modules). */
    public static BuildLayout find() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        Path root = Files.exists(cwd.resolve("jobs/pom.xml")) ? cwd : cwd.getParent();
        return of(root);
    }

    public static BuildLayout of(Path root) throws IOException {
        root = root.toAbsolutePath().normalize();
        Path target = root.resolve("jobs/target");
        Path jar = target.resolve("sparknn-jobs.jar");
        Path cpFile = target.resolve("spark-classpath.txt");
        if (!Files.exists(jar) || !Files.exists(cpFile)) {
            throw new IllegalStateException(
                    jar + " or " + cpFile + " is missing; build with: mvn -q -B -DskipTests package");
        }
        List<Path> cp = new ArrayList<>();
        for (String s : Files.readString(cpFile, StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
            cp.add(Path.of(s));
        }
        List<String> opts =
                List.of(JavaModuleOptions.defaultModuleOptions().trim().split("\\s+"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new BuildLayout(root, jar, cp, opts, java);
    }
}
