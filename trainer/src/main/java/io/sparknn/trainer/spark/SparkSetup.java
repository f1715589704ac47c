package io.sparknn.trainer.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * Spark settings the trainer needs, applied without overriding the user's: Kryo unless a
 * serializer was chosen, our registrator appended to any the user set, and task results up to
 * {@link #DIRECT_RESULT_SIZE} returned directly.
 *
 * <p>Every step returns one parameter-sized gradient per task. Above
 * {@code spark.task.maxDirectResultSize} (Spark's default 1 MiB: a 262,144-parameter float32
 * network) a result is stored in the executor's block manager and fetched by the driver in a
 * second round trip, which costs milliseconds per step on a job of tens; Spark caps the setting at
 * {@code spark.rpc.message.maxSize} (128 MiB by default).
 */
public final class SparkSetup {
    public static final String KRYO = "org.apache.spark.serializer.KryoSerializer";
    public static final String DIRECT_RESULT_SIZE = "64m";

    private SparkSetup() {}

    /** Applies the settings to {@code conf}; returns what it set, for the log. */
    public static List<String> apply(SparkConf conf) {
        List<String> set = new ArrayList<>();
        if (!conf.contains("spark.serializer")) {
            conf.set("spark.serializer", KRYO);
            set.add("spark.serializer=" + KRYO);
        }
        if (!conf.contains("spark.task.maxDirectResultSize")) {
            conf.set("spark.task.maxDirectResultSize", DIRECT_RESULT_SIZE);
            set.add("spark.task.maxDirectResultSize=" + DIRECT_RESULT_SIZE);
        }
        String ours = SparknnKryoRegistrator.class.getName();
        String current = conf.get("spark.kryo.registrator", "");
        if (!List.of(current.split(",")).contains(ours)) {
            String value = current.isBlank() ? ours : current + "," + ours;
            conf.set("spark.kryo.registrator", value);
            set.add("spark.kryo.registrator=" + value);
        }
        return set;
    }
}
