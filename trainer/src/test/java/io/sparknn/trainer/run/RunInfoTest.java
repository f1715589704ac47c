package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunInfoTest {

    /** The keys of run-info.json, their order and their value types, as runs write them (executors since the run report). */
    @Test
    void mapHasTheKeysOfRunInfoJsonInOrder() {
        Map<String, Object> m = new RunInfo(
                        "4.2.0", "local[2]", "VectorBLAS", "1", 2, 3, 1, 42L, 1437L, 359L, 4010, "float32", "17.0.9")
                .toMap();
        assertEquals(
                List.of(
                        "spark_version",
                        "master",
                        "blas",
                        "openblas_num_threads",
                        "threads_per_task",
                        "partitions",
                        "executors",
                        "seed",
                        "train_examples",
                        "validation_examples",
                        "parameters",
                        "precision",
                        "java_version"),
                List.copyOf(m.keySet()));
        assertEquals(
                List.of("4.2.0", "local[2]", "VectorBLAS", "1", 2, 3, 1, 42L, 1437L, 359L, 4010, "float32", "17.0.9"),
                List.copyOf(m.values()),
                "ints stay Integer, longs Long");
    }
}
