package io.sparknn.trainer;

import io.sparknn.trainer.spark.SparkSetup;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One local SparkContext shared by the tests of this JVM (only one can live at a time); a test
 * that needs other settings gets a fresh one, and the shared one comes back after it.
 */
public final class SparkTestContext {
    private static JavaSparkContext shared;
    private static Map<String, String> sharedExtra = Map.of();

    private SparkTestContext() {}

    /** Stops the shared context; the next {@link #get} starts a new one (a new driver, as after a restart). */
    public static synchronized void restart() {
        if (shared != null) {
            shared.stop();
            shared = null;
        }
    }

    public static synchronized JavaSparkContext get() {
        return get(Map.of());
    }

    /** A context on local[2] with these extra settings, reused while they stay the same. */
    public static synchronized JavaSparkContext get(Map<String, String> extra) {
        if (shared != null && !extra.equals(sharedExtra)) {
            shared.stop();
            shared = null;
        }
        if (shared == null) {
            SparkConf conf = new SparkConf()
                    .setMaster("local[2]")
                    .setAppName("sparknn-test")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
            extra.forEach(conf::set);
            SparkSetup.apply(conf);
            shared = new JavaSparkContext(conf);
            shared.setLogLevel("WARN");
            sharedExtra = Map.copyOf(extra);
        }
        return shared;
    }
}
