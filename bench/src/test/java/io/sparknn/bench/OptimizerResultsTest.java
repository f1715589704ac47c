package io.sparknn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimizer benchmark's results file (what makes it resumable), Adam's batch choice and the table's medians. */
class OptimizerResultsTest {
    static OptimizerResult result(String arm, int batch, long seed, boolean reached, double seconds, double best) {
        return new OptimizerResult(
                "mlp",
                arm,
                batch,
                seed,
                "adam,lr=0.001",
                2,
                120,
                0.98,
                reached ? OptimizerResult.Outcome.REACHED : OptimizerResult.Outcome.CAPPED,
                100 * seed,
                10 * seed,
                1000 * seed,
                seconds,
                90 * seed,
                seconds - 1,
                best,
                7,
                Math.round(seconds) + 20.5);
    }

    @Test
    void aLineReadsBackAsTheSameResult() {
        OptimizerResult r = result("kfac", 1024, 3, true, 41.25, 0.9812);
        assertEquals(Optional.of(r), OptimizerResult.parse(r.toLine()));
        OptimizerResult diverged = new OptimizerResult(
                "lenet",
                "lamb",
                8192,
                2,
                "lamb,lr=0.01",
                2,
                0.5,
                0.99,
                OptimizerResult.Outcome.DIVERGED,
                3,
                3,
                99,
                0.25,
                0,
                0,
                0.1,
                1,
                2.5);
        assertEquals(Optional.of(diverged), OptimizerResult.parse(diverged.toLine()));
        assertTrue(diverged.toLine().contains(" reached=diverged "), diverged.toLine());
    }

    @Test
    void aLineCutShortOrWithAKeyOutOfPlaceIsNotAResult() {
        String line = result("adam", 512, 1, false, 120, 0.97).toLine();
        assertFalse(OptimizerResult.parse(line.substring(0, line.length() - 4)).isPresent());
        assertFalse(OptimizerResult.parse(line.replace("steps=", "stepz=")).isPresent());
        assertFalse(OptimizerResult.parse(line.replace("jobs=10", "jobs=ten")).isPresent());
        assertFalse(OptimizerResult.parse(line.replace("reached=no", "reached=maybe"))
                .isPresent());
        assertFalse(OptimizerResult.parse("").isPresent());
    }

    @Test
    void aRunIsReusedOnlyWithTheSameOptimizerLinePartitionsAndCap() {
        OptimizerResult r = result("adam", 512, 1, true, 30, 0.98);
        OptimizerResult.Key same = new OptimizerResult.Key("mlp", "adam", 512, 1, "adam,lr=0.001", 2, 120);
        assertEquals(same, r.key());
        assertFalse(r.key().equals(new OptimizerResult.Key("mlp", "adam", 512, 1, "adam,lr=0.001", 2, 30)));
        assertFalse(r.key().equals(new OptimizerResult.Key("mlp", "adam", 512, 1, "adam,lr=0.01", 2, 120)));
        assertFalse(r.key().equals(new OptimizerResult.Key("mlp", "adam", 512, 1, "adam,lr=0.001", 4, 120)));
        assertFalse(r.key().equals(new OptimizerResult.Key("mlp", "adam", 128, 1, "adam,lr=0.001", 2, 120)));
        assertEquals("kfac,lr=0.05,damping=0.01", OptimizerResult.token(" kfac lr=0.05  damping=0.01 "));
    }

    @Test
    void anAppendAfterALineACrashCutShortKeepsBothApartAndTheNewOneReadable(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("optimizers.txt");
        OptimizerResult first = result("adam", 128, 1, true, 50, 0.981);
        OptimizerResult second = result("adam", 512, 1, true, 30, 0.982);
        OptimizerBench.append(file, first.toLine());
        Files.writeString(
                file, "model=mlp arm=lamb batch=8192 seed=1 tar", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        OptimizerBench.append(file, second.toLine());
        assertEquals(List.of(first, second), OptimizerTable.read(file));
        assertEquals(3, Files.readAllLines(file).size());
    }

    @Test
    void adamKeepsTheBatchThatReachedTheTargetSoonestElseTheClosest() {
        assertEquals(
                512,
                OptimizerBench.chooseBatch(List.of(
                        result("adam", 128, 1, true, 80, 0.981),
                        result("adam", 512, 1, true, 45, 0.982),
                        result("adam", 2048, 1, false, 120, 0.99))));
        assertEquals(
                2048,
                OptimizerBench.chooseBatch(List.of(
                        result("adam", 128, 1, false, 120, 0.975),
                        result("adam", 512, 1, false, 120, 0.971),
                        result("adam", 2048, 1, false, 120, 0.978))));
    }

    @Test
    void aMedianCountsASeedThatMissedTheTargetAsBeyondTheCap() {
        List<OptimizerResult> twoOfThree = List.of(
                result("kfac", 1024, 1, true, 90, 0.98),
                result("kfac", 1024, 2, false, 120, 0.97),
                result("kfac", 1024, 3, true, 60, 0.981));
        // seconds 90, ∞, 60: the median is 90, not the mean of the two that reached it
        assertEquals("90.0", OptimizerTable.medianToTarget(twoOfThree, OptimizerResult::seconds, "%.1f"));
        List<OptimizerResult> oneOfThree = List.of(
                result("kfac", 1024, 1, true, 90, 0.98),
                result("kfac", 1024, 2, false, 120, 0.97),
                result("kfac", 1024, 3, false, 120, 0.975));
        assertEquals("not reached", OptimizerTable.medianToTarget(oneOfThree, OptimizerResult::seconds, "%.1f"));
        String table = OptimizerTable.markdown(oneOfThree);
        assertTrue(
                table.contains("| mlp | 98% | kfac | 1024 | 1 of 3 | not reached | not reached | not reached"
                        + " | not reached | 97.50% |"),
                table);
        assertTrue(
                OptimizerTable.markdown(twoOfThree).contains("| 90.0 (60.0–90.0) |"),
                OptimizerTable.markdown(twoOfThree));
    }

    @Test
    void aRunFoundTwiceCountsOnceAndAdamsUnkeptBatchesAreMarked() {
        OptimizerResult kept1 = result("adam", 512, 1, true, 30, 0.98);
        List<OptimizerResult> rows =
                List.of(result("adam", 128, 1, true, 50, 0.98), kept1, result("adam", 512, 2, true, 40, 0.98), kept1);
        String table = OptimizerTable.markdown(rows);
        assertTrue(table.contains("| adam (batch tried on the first seed, not kept) | 128 | 1 of 1 |"), table);
        assertTrue(table.contains("| adam | 512 | 2 of 2 |"), table);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(Optional.of(2.5), OptimizerTable.medianOrAbove(new double[] {4, 1, 3, 2}));
        assertEquals(Optional.empty(), OptimizerTable.medianOrAbove(new double[] {1, Double.POSITIVE_INFINITY}));
    }
}
