package io.sparknn.bench;

import io.sparknn.cluster.BuildLayout;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a benchmark on the harness's standalone cluster needs: the project's build ({@code
 * -Dsparknn.root}, default the working directory), whose jars and module options the cluster's
 * JVMs use, and this benchmark jar, which the executors load.
 */
record BenchCluster(Path root, BuildLayout layout, Path jar) {
    static BenchCluster ofThisBuild() throws IOException, URISyntaxException {
        Path root = Path.of(System.getProperty("sparknn.root", "."))
                .toAbsolutePath()
                .normalize();
        Path jar = Path.of(BenchCluster.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        return new BenchCluster(root, BuildLayout.of(root), jar);
    }

    /**
     * An application's settings: this jar, the module options, one OpenBLAS thread per executor,
     * {@code cores} cores of executors of {@code memory} each, all registered before the first step
     * (a benchmark's first steps would otherwise run on fewer executors than it names).
     */
    Map<String, String> application(int cores, String memory) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.jars", jar.toString());
        settings.put("spark.executor.extraJavaOptions", String.join(" ", layout.moduleOptions()));
        settings.put("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
        settings.put("spark.executor.memory", memory);
        settings.put("spark.cores.max", String.valueOf(cores));
        settings.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        return settings;
    }
}
