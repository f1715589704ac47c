package io.sparknn.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** What the trainer sets in a SparkConf and what it leaves to the user. */
class SparkSetupTest {
    @Test
    void gradientsComeBackDirectlyUnlessTheUserChoseOtherwise() {
        SparkConf empty = new SparkConf(false);
        List<String> set = SparkSetup.apply(empty);
        assertEquals("64m", empty.get("spark.task.maxDirectResultSize"));
        assertTrue(set.contains("spark.task.maxDirectResultSize=64m"), set.toString());

        SparkConf mine = new SparkConf(false).set("spark.task.maxDirectResultSize", "2m");
        List<String> kept = SparkSetup.apply(mine);
        assertEquals("2m", mine.get("spark.task.maxDirectResultSize"));
        assertFalse(kept.stream().anyMatch(s -> s.startsWith("spark.task.maxDirectResultSize")), kept.toString());
    }
}
