package io.sparknn.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one arm did on one seed: a line of the optimizer benchmark's results file, which is also
 * what makes the benchmark resumable (a run that finds its line there is not run again).
 *
 * <p>{@code reached}: whether the test accuracy reached the target within the cap. The counts and
 * {@code seconds} are those at the first evaluation at or above the target, or at the cap when it
 * was not reached. {@code seconds} is training time (the steps' own time: broadcast, Spark job,
 * aggregation, optimizer), without the evaluations, which run in the driver between steps.
 *
 * @param bytes the tasks' results sent to the driver (Spark's task result sizes, as measured)
 * @param best the best test accuracy seen at an evaluation
 * @param evals how many evaluations the run made: the step and time counts are those of the first
 *     evaluation at the target, so they are upper bounds within one evaluation interval
 */
record OptimizerResult(
        String model,
        String arm,
        int batch,
        long seed,
        double target,
        boolean reached,
        long steps,
        long jobs,
        long bytes,
        double seconds,
        double best,
        int evals) {

    /** The end mark of a complete line: a line cut short by a crash lacks it and is ignored. */
    private static final String END = "end";

    /** Whether this is the run of {@code model}, {@code arm}, {@code batch} and {@code seed}. */
    boolean isRunOf(String model, OptimizerArm arm, long seed) {
        return this.model.equals(model) && this.arm.equals(arm.name()) && batch == arm.batch() && this.seed == seed;
    }

    /** The results file's line. */
    String toLine() {
        return String.format(
                Locale.ROOT,
                "model=%s arm=%s batch=%d seed=%d target=%.4f reached=%s steps=%d jobs=%d bytes=%d seconds=%.2f"
                        + " best=%.4f evals=%d %s",
                model,
                arm,
                batch,
                seed,
                target,
                reached ? "yes" : "no",
                steps,
                jobs,
                bytes,
                seconds,
                best,
                evals,
                END);
    }

    /** The keys of a line, in order. */
    private static final List<String> KEYS = List.of(
            "model", "arm", "batch", "seed", "target", "reached", "steps", "jobs", "bytes", "seconds", "best", "evals");

    /** The result a line holds, or empty for a line that is not a complete result (a crash cut it short). */
    static Optional<OptimizerResult> parse(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != KEYS.size() + 1 || !parts[KEYS.size()].equals(END)) {
            return Optional.empty();
        }
        String[] v = new String[KEYS.size()];
        for (int i = 0; i < v.length; i++) {
            String prefix = KEYS.get(i) + "=";
            if (!parts[i].startsWith(prefix)) {
                return Optional.empty();
            }
            v[i] = parts[i].substring(prefix.length());
        }
        try {
            return Optional.of(new OptimizerResult(
                    v[0],
                    v[1],
                    Integer.parseInt(v[2]),
                    Long.parseLong(v[3]),
                    Double.parseDouble(v[4]),
                    "yes".equals(v[5]),
                    Long.parseLong(v[6]),
                    Long.parseLong(v[7]),
                    Long.parseLong(v[8]),
                    Double.parseDouble(v[9]),
                    Double.parseDouble(v[10]),
                    Integer.parseInt(v[11])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
