package io.sparknn.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Precision;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Everything the trainer sends is registered with Kryo (training works with
 * registrationRequired), an unregistered class fails loudly there, and Java serialization keeps
 * working. The weights are the same bits whichever serializer carried them.
 */
class SerializationTest {

    @AfterAll
    static void backToDefaults() {
        SparkTestContext.restart();
    }

    static double[] trainWith(Map<String, String> settings) {
        SparkTestContext.get(settings);
        var rdd = TrainingData.cache(SparkTestContext.get(settings),
                TrainingData.split(DistributedEqualsLocalTest.DATA, new int[] {50, 53}), StorageLevel.MEMORY_ONLY_SER());
        var src = new SparkGradientSource(SparkTestContext.get(settings), rdd, DistributedEqualsLocalTest.DATA.n,
                DistributedEqualsLocalTest.SPEC, Precision.FLOAT32, 1);
        return DistributedEqualsLocalTest.train(src, Precision.FLOAT32);
    }

    @Test
    void trainingNeedsNoUnregisteredClassAndJavaSerializationGivesTheSameBits() {
        double[] kryo = trainWith(Map.of("spark.kryo.registrationRequired", "true"));
        double[] java = trainWith(Map.of("spark.serializer", "org.apache.spark.serializer.JavaSerializer"));
        assertArrayEquals(kryo, java, 0.0);
    }

    /** Not registered anywhere. */
    static final class Stranger implements Serializable {
        int value = 7;
    }

    @Test
    void anUnregisteredClassFailsLoudlyWhenRegistrationIsRequired() {
        var sc = SparkTestContext.get(Map.of("spark.kryo.registrationRequired", "true"));
        SparkException e = assertThrows(SparkException.class,
                () -> sc.parallelize(List.of(1, 2), 2).map(i -> new Stranger()).collect());
        assertTrue(String.valueOf(e.getMessage()).contains("Class is not registered"), e.getMessage());
        assertTrue(String.valueOf(e.getMessage()).contains("Stranger"), e.getMessage());
    }

    @Test
    void setupKeepsTheUsersSerializerAndRegistrators() {
        SparkConf conf = new SparkConf(false).set("spark.serializer", "org.apache.spark.serializer.JavaSerializer")
                .set("spark.kryo.registrator", "com.example.Mine").set("spark.task.maxDirectResultSize", "1m");
        List<String> set = SparkSetup.apply(conf);
        assertEquals("org.apache.spark.serializer.JavaSerializer", conf.get("spark.serializer"));
        assertEquals("com.example.Mine," + SparknnKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"));
        assertEquals(1, set.size(), "only the registrator was set: " + set);
        SparkSetup.apply(conf);
        assertEquals("com.example.Mine," + SparknnKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"),
                "applying twice does not append twice");

        SparkConf empty = new SparkConf(false);
        SparkSetup.apply(empty);
        assertEquals(SparkSetup.KRYO, empty.get("spark.serializer"));
    }
}
