package io.sparknn.bench;

import io.sparknn.trainer.spark.SparkSetup;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The SparkContext of a benchmark: the given master, the trainer's own settings (Kryo), no UI. */
final class LocalSpark {
    private LocalSpark() {}

    static JavaSparkContext start(String master, String app) {
        SparkConf conf = new SparkConf()
                .setMaster(master)
                .setAppName(app)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.host", "127.0.0.1");
        SparkSetup.apply(conf);
        return new JavaSparkContext(conf);
    }
}
