package io.sparknn.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.Precision;
import io.sparknn.engine.eval.EvaluationSums;
import io.sparknn.engine.eval.Evaluator;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.engine.train.Weights;
import io.sparknn.trainer.JobConfigs;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.config.CacheLevel;
import io.sparknn.trainer.config.DataFormat;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.config.LabelType;
import io.sparknn.trainer.config.ScalingKind;
import io.sparknn.trainer.data.DistributedDataset;
import io.sparknn.trainer.data.DistributedDatasetTest;
import io.sparknn.trainer.data.Holdout;
import io.sparknn.trainer.eval.SparkEvaluation;
import io.sparknn.trainer.run.Compute;
import io.sparknn.trainer.run.ResumeTest;
import io.sparknn.trainer.run.TrainingRun;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        var rdd = TrainingData.cache(
                SparkTestContext.get(settings),
                ExampleBlock.split(DistributedEqualsLocalTest.DATA, new int[] {50, 53}),
                StorageLevel.MEMORY_ONLY_SER());
        var src = new SparkGradientSource(
                SparkTestContext.get(settings),
                rdd,
                DistributedEqualsLocalTest.DATA.n,
                DistributedEqualsLocalTest.SPEC,
                Precision.FLOAT32,
                1);
        return DistributedEqualsLocalTest.train(src, Precision.FLOAT32);
    }

    @Test
    void trainingNeedsNoUnregisteredClassAndJavaSerializationGivesTheSameBits() {
        double[] kryo = trainWith(Map.of("spark.kryo.registrationRequired", "true"));
        double[] java = trainWith(Map.of("spark.serializer", "org.apache.spark.serializer.JavaSerializer"));
        assertArrayEquals(kryo, java, 0.0);
    }

    static final Map<String, String> REQUIRED = Map.of("spark.kryo.registrationRequired", "true");
    static final Map<String, String> JAVA = Map.of("spark.serializer", "org.apache.spark.serializer.JavaSerializer");

    /** Depth 2 sends the shard results through a shuffle (keyed by group) before the driver sees them. */
    static double[] trainInGroupsWith(Map<String, String> settings) {
        JavaSparkContext sc = SparkTestContext.get(settings);
        var rdd = TrainingData.cache(
                sc,
                ExampleBlock.split(DistributedEqualsLocalTest.DATA, new int[] {20, 3, 30, 25, 25}),
                StorageLevel.MEMORY_ONLY_SER());
        var src = new SparkGradientSource(
                        sc,
                        rdd,
                        DistributedEqualsLocalTest.DATA.n,
                        DistributedEqualsLocalTest.SPEC,
                        Precision.FLOAT64,
                        1)
                .withAggregationDepth(2);
        // 3 steps: each is a shuffle, and one shows every class the path sends
        Network init = Network.create(DistributedEqualsLocalTest.SPEC, Network.Options.of(Precision.FLOAT64, 1), 42);
        TrainingState s = new TrainingState(
                init.parameters().copy(),
                init.buffers().copy(),
                DistributedEqualsLocalTest.ADAM.create(
                        Precision.FLOAT64, DistributedEqualsLocalTest.SPEC.paramCount()));
        new TrainingLoop(
                        new TrainingLoop.Settings(1, DistributedEqualsLocalTest.BATCH, 5, 0, 3),
                        src,
                        step -> DistributedEqualsLocalTest.ADAM.lr(),
                        Precision.FLOAT64)
                .run(s, (r, st) -> {});
        return s.params.toDoubles();
    }

    @Test
    void aggregationInGroupsNeedsNoUnregisteredClassAndGivesTheSameBitsEitherWay() {
        double[] kryo = trainInGroupsWith(REQUIRED);
        double[] java = trainInGroupsWith(JAVA);
        assertArrayEquals(java, kryo, 0.0);
    }

    @Test
    void distributedEvaluationNeedsNoUnregisteredClassAndEqualsTheInProcessSums() {
        JavaSparkContext sc = SparkTestContext.get(REQUIRED);
        List<ExampleBlock> blocks = ExampleBlock.split(DistributedEqualsLocalTest.DATA, new int[] {50, 0, 53});
        var rdd = TrainingData.cache(sc, blocks, StorageLevel.MEMORY_ONLY_SER());
        try (Network net =
                Network.create(DistributedEqualsLocalTest.SPEC, Network.Options.of(Precision.FLOAT32, 1), 42)) {
            EvaluationSums spark = SparkEvaluation.evaluate(
                    sc, rdd, Weights.of(net.spec().toText(), net.parameters(), net.buffers()), "evaluate");
            List<EvaluationSums> parts = new ArrayList<>();
            for (ExampleBlock b : blocks) {
                parts.add(Evaluator.score(net, b));
            }
            EvaluationSums local = Evaluator.total(parts);
            assertEquals(103, spark.examples);
            assertEquals(local.lossSum, spark.lossSum, 0.0);
            assertArrayEquals(local.confusion, spark.confusion);
        }
    }

    @Test
    void statefulTrainingNeedsNoUnregisteredClassAndGivesTheSameBitsEitherWay() {
        double[] local = StatefulTrainingTest.train(StatefulGradientSource.inProcess(
                StatefulTrainingTest.ALL.split(3), StatefulTrainingTest.SPEC, Precision.FLOAT64, 1));
        double[] kryo = StatefulTrainingTest.train(SparkStatefulGradientSource.spark(
                SparkTestContext.get(REQUIRED),
                StatefulTrainingTest.ALL.split(3),
                StatefulTrainingTest.SPEC,
                Precision.FLOAT64,
                1));
        double[] java = StatefulTrainingTest.train(SparkStatefulGradientSource.spark(
                SparkTestContext.get(JAVA),
                StatefulTrainingTest.ALL.split(3),
                StatefulTrainingTest.SPEC,
                Precision.FLOAT64,
                1));
        assertArrayEquals(local, kryo, 0.0);
        assertArrayEquals(local, java, 0.0);
    }

    /** The whole job: held-out split, per-epoch evaluation, early stopping, checkpoints, grouped aggregation. */
    @Test
    void aWholeTrainingJobRunsWithRegistrationRequired(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        JobConfig cfg = JobConfigs.digits(
                out,
                JobConfigs.MLP,
                ResumeTest.ADAM,
                "{\"batch_size\": 200, \"epochs\": 2, \"seed\": 2, \"partitions\": 4, \"patience\": 3,"
                        + " \"aggregation_depth\": 2}",
                ", \"checkpoint_every\": 4");
        TrainingRun.Outcome o = new TrainingRun(Compute.spark(SparkTestContext.get(REQUIRED)), cfg, false).run();
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertEquals(359, o.evaluation().examples());
    }

    /** Not registered anywhere. */
    static final class Stranger implements Serializable {
        int value = 7;
    }

    @Test
    void anUnregisteredClassFailsLoudlyWhenRegistrationIsRequired() {
        var sc = SparkTestContext.get(Map.of("spark.kryo.registrationRequired", "true"));
        SparkException e = assertThrows(
                SparkException.class,
                () -> sc.parallelize(List.of(1, 2), 2).map(i -> new Stranger()).collect());
        assertTrue(String.valueOf(e.getMessage()).contains("Class is not registered"), e.getMessage());
        assertTrue(String.valueOf(e.getMessage()).contains("Stranger"), e.getMessage());
    }

    @Test
    void setupKeepsTheUsersSerializerAndRegistrators() {
        SparkConf conf = new SparkConf(false)
                .set("spark.serializer", "org.apache.spark.serializer.JavaSerializer")
                .set("spark.kryo.registrator", "com.example.Mine")
                .set("spark.task.maxDirectResultSize", "1m");
        List<String> set = SparkSetup.apply(conf);
        assertEquals("org.apache.spark.serializer.JavaSerializer", conf.get("spark.serializer"));
        assertEquals("com.example.Mine," + SparknnKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"));
        assertEquals(1, set.size(), "only the registrator was set: " + set);
        SparkSetup.apply(conf);
        assertEquals(
                "com.example.Mine," + SparknnKryoRegistrator.class.getName(),
                conf.get("spark.kryo.registrator"),
                "applying twice does not append twice");

        SparkConf empty = new SparkConf(false);
        SparkSetup.apply(empty);
        assertEquals(SparkSetup.KRYO, empty.get("spark.serializer"));
    }

    /**
     * The distributed read under registrationRequired: parsed files spilled to disk serialized, a
     * failed file's error as a value, standardize statistics, the shuffle into partitions, and a
     * table read in partitions; the blocks equal the Java-serializer ones.
     */
    @Test
    void theDistributedReadNeedsNoUnregisteredClass(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("csv"));
        Files.writeString(dir.resolve("a.csv"), "1,2,3,cat\n4,5,6,dog\n7,8,9,cat\n");
        Files.writeString(dir.resolve("b.csv"), "1,0,3,emu\n4,1,6,dog\n");
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("a.csv"), "1,2,3,cat\n");
        Files.writeString(bad.resolve("b.csv"), "1,2,nope,cat\n");
        StorageLevel serialized = StorageLevel.MEMORY_AND_DISK_SER();
        List<List<Float>> blocks = new ArrayList<>();
        for (Map<String, String> settings : List.of(REQUIRED, JAVA)) {
            JavaSparkContext sc = SparkTestContext.get(settings);
            var c = DistributedDatasetTest.csv(dir.toString(), LabelType.STRING, ScalingKind.STANDARDIZE);
            try (DistributedDataset d = DistributedDataset.read(sc, c, dir.toString(), null, null, 3, 3, serialized)) {
                Holdout h = new Holdout(d.layout().n(), 0.4, 3);
                var pre = d.fitScaling(
                        h.training(), ScalingKind.STANDARDIZE, 1, d.layout().labelNames());
                var p = d.partition(h.training(), pre, 2, true, serialized);
                List<Float> values = new ArrayList<>();
                for (ExampleBlock b : p.rdd().collect()) {
                    for (float v : b.features) {
                        values.add(v);
                    }
                }
                p.rdd().unpersist(false);
                blocks.add(values);
            }
            var e = assertThrows(
                    io.sparknn.trainer.data.DataException.class,
                    () -> DistributedDataset.read(
                            sc,
                            DistributedDatasetTest.csv(bad.toString(), LabelType.STRING, ScalingKind.NONE),
                            bad.toString(),
                            null,
                            null,
                            3,
                            3,
                            serialized));
            assertTrue(e.getMessage().contains("b.csv line 1"), e.getMessage());
        }
        assertEquals(blocks.get(1), blocks.get(0));
        assertEquals(3 * 3, blocks.get(0).size(), "3 of 5 rows trained on, 3 features each");

        JavaSparkContext sc = SparkTestContext.get(REQUIRED);
        var spark = org.apache.spark.sql.SparkSession.builder()
                .sparkContext(sc.sc())
                .getOrCreate();
        String table = tmp.resolve("t.parquet").toString();
        spark.sql("select double(id) as a, double(id % 5) as b, int(id % 3) as label from range(40)")
                .repartition(3)
                .write()
                .parquet(table);
        var c = new io.sparknn.trainer.config.TableData(
                DataFormat.PARQUET,
                table,
                null,
                0.2,
                LabelType.INT,
                ScalingKind.NONE,
                1,
                CacheLevel.MEMORY_ONLY,
                new io.sparknn.trainer.config.TableLayout.Sql("*", "label"));
        try (DistributedDataset d = DistributedDataset.read(sc, c, table, null, null, 2, 3, serialized)) {
            var p = d.partition(io.sparknn.trainer.data.RowSelection.ALL, null, 2, false, serialized);
            assertEquals(40, p.rdd().collect().stream().mapToInt(b -> b.n).sum());
            p.rdd().unpersist(false);
        }
    }
}
