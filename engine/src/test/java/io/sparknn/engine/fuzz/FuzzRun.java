package io.sparknn.engine.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Runs a reader's fuzz test: {@link #tries()} inputs from the fixed {@link #SEED}, each made by a
 * generator from a {@link SplittableRandom} of its own, derived from (seed, reader, try index), and
 * checked by the reader's property ({@link ReaderProperty}). A try's input depends on nothing but
 * those three, so a run repeats exactly, a longer run ({@code -Dsparknn.fuzz.tries=20000}, README
 * "Fuzzing") starts with CI's inputs and goes on, {@code -Dsparknn.fuzz.seed=...} gives other
 * inputs and {@code -Dsparknn.fuzz.try=N} runs try N alone.
 *
 * <p>The first failure stops the run: its message names the reader, seed, try index and the input
 * (its valid sample and mutation steps), and the input's bytes go to
 * {@code target/fuzz-failures/<reader>-seed<S>-try<N>.bin}, to be committed as a regression case
 * beside the test. There is no shrinking: the steps are few (at most four) and say what was done.
 */
public final class FuzzRun {
    /** The seed CI runs with. */
    public static final long SEED = 2026;

    /** Tries per reader in CI: all six fuzz tests together stay well under a minute on 2 cores. */
    public static final int TRIES = 1000;

    /** Where a failing input is written, relative to the module's directory (the tests' working directory). */
    public static final Path FAILURES = Path.of("target", "fuzz-failures");

    private FuzzRun() {}

    /** A generated input: what it is made of (for the failure message) and the file(s) it reads. */
    public interface Case {
        /** The bytes of the file read (the main one, when there are several). */
        byte[] bytes();

        /** Further files of the input, by a name added to the file name, as {@code -labels}. */
        default Map<String, byte[]> otherFiles() {
            return Map.of();
        }
    }

    /** Checks one input; throws (an {@link AssertionError}, usually) when the property does not hold. */
    @FunctionalInterface
    public interface Check<T> {
        void check(T input) throws Exception;
    }

    public static long seed() {
        return Long.getLong("sparknn.fuzz.seed", SEED);
    }

    public static int tries() {
        return Integer.getInteger("sparknn.fuzz.tries", TRIES);
    }

    /** The random of try {@code index} of {@code reader} under {@code seed}. */
    public static SplittableRandom random(long seed, String reader, int index) {
        long h = 0xcbf29ce484222325L; // FNV-1a of the reader's name
        for (byte b : reader.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return new SplittableRandom(mix(mix(seed ^ h) + index));
    }

    /**
     * Runs the tries of {@code reader}: each input from {@code generate}, checked by {@code check};
     * fails at the first input the check rejects.
     */
    public static <T extends Case> Outcomes run(String reader, Function<SplittableRandom, T> generate, Check<T> check) {
        long seed = seed();
        Integer only = Integer.getInteger("sparknn.fuzz.try");
        int first = only != null ? only : 0;
        int end = only != null ? only + 1 : tries();
        long[] before = ReaderProperty.outcomes();
        long start = System.nanoTime();
        for (int i = first; i < end; i++) {
            T input = generate.apply(random(seed, reader, i));
            try {
                check.check(input);
            } catch (Exception | AssertionError e) {
                Path written = write(reader, seed, i, input);
                throw new AssertionError(
                        reader + " fuzz: seed " + seed + ", try " + i + " failed: " + e + "\n  input: " + input
                                + "\n  written to " + written + "\n  repeat with -Dsparknn.fuzz.seed=" + seed
                                + " -Dsparknn.fuzz.try=" + i,
                        e);
            }
        }
        long[] after = ReaderProperty.outcomes();
        System.out.printf(
                "%s fuzz: seed %d, %d tries, %d read, %d refused, 0 failures, %.1f s%n",
                reader,
                seed,
                end - first,
                after[0] - before[0],
                after[1] - before[1],
                (System.nanoTime() - start) / 1e9);
        return new Outcomes(end - first, after[0] - before[0], after[1] - before[1]);
    }

    /**
     * How a run's inputs ended: read, or refused with a located error. A run that only ever reads,
     * or only ever refuses, exercises one side of the reader: a test may require both.
     */
    public record Outcomes(long tries, long read, long refused) {}

    private static Path write(String reader, long seed, int index, Case input) {
        String name = reader + "-seed" + seed + "-try" + index;
        try {
            Files.createDirectories(FAILURES);
            Path main = FAILURES.resolve(name + ".bin");
            Files.write(main, input.bytes());
            for (Map.Entry<String, byte[]> f : input.otherFiles().entrySet()) {
                Files.write(FAILURES.resolve(name + f.getKey() + ".bin"), f.getValue());
            }
            return main.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stafford's mix13 (SplittableRandom's own finalizer): nearby seeds give unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
