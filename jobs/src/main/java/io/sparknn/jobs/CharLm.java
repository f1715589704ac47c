package io.sparknn.jobs;

import java.io.PrintStream;
import org.apache.spark.SparkUserAppException;

/**
 * {@code bin/sparknn char-lm <config.json> [--local] [--allow-config-change]}: {@link Train} under
 * the name of earlier versions, for a text config ({@code data.format: text}).
 */
public final class CharLm {
    private CharLm() {}

    public static void main(String[] args) throws SparkUserAppException {
        JobExit.exit(run(args, System.err));
    }

    /** Runs the job and returns its {@link ExitCode}; never calls System.exit. */
    public static int run(String[] args, PrintStream err) {
        return Train.run("char-lm", true, args, err);
    }
}
