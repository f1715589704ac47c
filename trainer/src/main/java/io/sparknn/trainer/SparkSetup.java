package io.sparknn.trainer;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * Spark settings the trainer needs, applied without overriding the user's: Kryo unless a
 * serializer was chosen, and our registrator appended to any the user set.
 */
public final class SparkSetup {
    public static final String KRYO = "org.apache.spark.serializer.KryoSerializer";

    private SparkSetup() {
    }

    /** Applies the settings to {@code conf}; returns what it set, for the log. */
    public static List<String> apply(SparkConf conf) {
        List<String> set = new ArrayList<>();
        if (!conf.contains("spark.serializer")) {
            conf.set("spark.serializer", KRYO);
            set.add("spark.serializer=" + KRYO);
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
