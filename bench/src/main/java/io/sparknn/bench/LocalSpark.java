package io.sparknn.bench;

import io.sparknn.trainer.spark.SparkSetup;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The SparkContext of a benchmark, its driver in this JVM: the given master, the trainer's own
 * settings (Kryo), no UI, and any further settings (a cluster's jars and security). Its log level
 * is WARN from the start: a benchmark prints its own table, which Spark's INFO lines would bury.
 */
final class LocalSpark {
    private LocalSpark() {}

    static JavaSparkContext start(String master, String app) {
        return start(master, app, Map.of());
    }

    static JavaSparkContext start(String master, String app, Map<String, String> settings) {
        SparkConf conf = new SparkConf()
                .setMaster(master)
                .setAppName(app)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.host", "127.0.0.1");
        settings.forEach(conf::set);
        SparkSetup.apply(conf);
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        return sc;
    }
}
