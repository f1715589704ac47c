package io.sparknn.jobs;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The frozen runs of {@link FrozenResultsIT} one after another in one JVM, each a job as its
 * command line runs it (its own Spark session, started and stopped): one JVM start instead of one per
 * run. Reads a plan of one job per line, {@code train} or {@code char-lm} and its arguments separated
 * by tabs; exits with the first failing job's code after printing which it was.
 */
public final class FrozenRuns {
    private FrozenRuns() {}

    public static void main(String[] args) throws Exception {
        List<String> plan = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        PrintStream err = System.err;
        for (String line : plan) {
            String[] f = line.split("\t");
            String[] jobArgs = Arrays.copyOfRange(f, 1, f.length);
            int code = switch (f[0]) {
                case "train" -> Train.run(jobArgs, err);
                case "char-lm" -> CharLm.run(jobArgs, err);
                default -> throw new IllegalArgumentException("unknown job '" + f[0] + "' in " + args[0]);
            };
            if (code != 0) {
                err.println("frozen run failed with exit code " + code + ": " + line.replace('\t', ' '));
                System.exit(code);
            }
        }
        System.exit(0);
    }
}
