package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * What the packaged job jar holds: the jobs, the trainer and the engine, and neither the cluster
 * harness, the benchmarks, Spark (provided by the cluster), nor test code. The dependency rules
 * stop shipped code from using the harness or the benchmarks; this checks the build did not put
 * them in anyway.
 */
class JobJarContentsIT {
    @Test
    void theJobJarHoldsTheShippedModulesAndNothingElseOfOurs() throws IOException {
        Path jar = Path.of(PackagedJob.classpath().split(File.pathSeparator, 2)[0]);
        List<String> names;
        try (JarFile file = new JarFile(jar.toFile())) {
            names = file.stream().map(ZipEntry::getName).toList();
        }
        for (String shipped : List.of(
                "io/sparknn/jobs/Train.class",
                "io/sparknn/trainer/run/TrainingRun.class",
                "io/sparknn/engine/Network.class",
                // generated from the float32 kernels at build time
                "io/sparknn/engine/kernel/DoubleTensorKernels.class")) {
            assertTrue(names.contains(shipped), jar + " lacks " + shipped);
        }
        // a benchmark or harness class left in any package (say, stale classes of a package that moved)
        List<String> unwanted = names.stream()
                .filter(n -> n.startsWith("io/sparknn/") && !n.endsWith("/"))
                .filter(n -> !(n.startsWith("io/sparknn/jobs/")
                                || n.startsWith("io/sparknn/trainer/")
                                || n.startsWith("io/sparknn/engine/"))
                        || n.contains("/bench/")
                        || n.contains("/cluster/"))
                .toList();
        assertEquals(List.of(), unwanted, "classes of ours that do not ship (harness, benchmarks) in " + jar);
        List<String> provided = names.stream()
                .filter(n -> n.startsWith("org/apache/spark/")
                        || n.startsWith("scala/")
                        || n.startsWith("org/junit/")
                        || n.endsWith("Test.class")
                        || n.endsWith("IT.class"))
                .limit(5)
                .toList();
        assertEquals(List.of(), provided, "Spark, Scala and test classes stay out of " + jar);
    }
}
