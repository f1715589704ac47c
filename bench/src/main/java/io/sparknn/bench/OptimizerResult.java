package io.sparknn.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one arm did on one seed: a line of the optimizer benchmark's results file, which is also
 * what makes the benchmark resumable (a run whose {@link #key} is found there is not run again).
 *
 * <p>The counts and {@code seconds} are those at the first evaluation at or above the target, or at
 * the cap when it was not reached, or at the divergence; the {@code below} ones are those at the
 * evaluation before, so the true first step at the target lies in (stepsBelow, steps]. {@code
 * seconds} is training time (the steps' own time: broadcast, Spark job, aggregation, optimizer),
 * without the evaluations, which run in the driver between steps; {@code wall} is the run's real
 * time with them and the set-up.
 *
 * @param optimizer the optimizer line with its spaces as commas (one token of the line)
 * @param partitions the Spark partitions of the training data
 * @param bytes the tasks' results sent to the driver (Spark's task result sizes, as measured)
 * @param best the best test accuracy seen at an evaluation
 * @param evals how many evaluations the run made
 */
record OptimizerResult(
        String model,
        String arm,
        int batch,
        long seed,
        String optimizer,
        int partitions,
        double cap,
        double target,
        Outcome outcome,
        long steps,
        long jobs,
        long bytes,
        double seconds,
        long stepsBelow,
        double secondsBelow,
        double best,
        int evals,
        double wall) {

    /** How a run ended. */
    enum Outcome {
        /** The test accuracy reached the target within the cap. */
        REACHED("yes"),
        /** The cap came first. */
        CAPPED("no"),
        /** Training diverged (a non-finite loss or parameter) or the optimizer failed (a factor not positive definite). */
        DIVERGED("diverged");

        final String text;

        Outcome(String text) {
            this.text = text;
        }

        static Optional<Outcome> parse(String text) {
            for (Outcome o : values()) {
                if (o.text.equals(text)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
    }

    /** What identifies a run: a result is reused only by a run with the same key. */
    record Key(String model, String arm, int batch, long seed, String optimizer, int partitions, double cap) {}

    Key key() {
        return new Key(model, arm, batch, seed, optimizer, partitions, cap);
    }

    boolean reached() {
        return outcome == Outcome.REACHED;
    }

    /** The optimizer line as one token: its spaces as commas. */
    static String token(String optimizerLine) {
        return optimizerLine.trim().replaceAll("\\s+", ",");
    }

    /** The end mark of a complete line: a line cut short by a crash lacks it and is ignored. */
    private static final String END = "end";

    /** The keys of a line, in order. */
    private static final List<String> KEYS = List.of(
            "model",
            "arm",
            "batch",
            "seed",
            "optimizer",
            "partitions",
            "cap",
            "target",
            "reached",
            "steps",
            "jobs",
            "bytes",
            "seconds",
            "steps_below",
            "seconds_below",
            "best",
            "evals",
            "wall");

    /** The results file's line. */
    String toLine() {
        Object[] values = {
            model,
            arm,
            batch,
            seed,
            optimizer,
            partitions,
            cap,
            String.format(Locale.ROOT, "%.4f", target),
            outcome.text,
            steps,
            jobs,
            bytes,
            String.format(Locale.ROOT, "%.2f", seconds),
            stepsBelow,
            String.format(Locale.ROOT, "%.2f", secondsBelow),
            String.format(Locale.ROOT, "%.4f", best),
            evals,
            String.format(Locale.ROOT, "%.1f", wall)
        };
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < KEYS.size(); i++) {
            line.append(KEYS.get(i)).append('=').append(values[i]).append(' ');
        }
        return line.append(END).toString();
    }

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
        Optional<Outcome> outcome = Outcome.parse(v[8]);
        if (outcome.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OptimizerResult(
                    v[0],
                    v[1],
                    Integer.parseInt(v[2]),
                    Long.parseLong(v[3]),
                    v[4],
                    Integer.parseInt(v[5]),
                    Double.parseDouble(v[6]),
                    Double.parseDouble(v[7]),
                    outcome.get(),
                    Long.parseLong(v[9]),
                    Long.parseLong(v[10]),
                    Long.parseLong(v[11]),
                    Double.parseDouble(v[12]),
                    Long.parseLong(v[13]),
                    Double.parseDouble(v[14]),
                    Double.parseDouble(v[15]),
                    Integer.parseInt(v[16]),
                    Double.parseDouble(v[17])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
