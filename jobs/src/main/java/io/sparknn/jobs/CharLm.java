package io.sparknn.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.trainer.CharLmTraining;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code bin/sparknn char-lm <config.json> [--local]}: trains a character-level language model
 * ({@link CharLmTraining}); {@code --local} computes in this process without Spark (the
 * single-process reference). Paths in the config are relative to the working directory.
 */
public final class CharLm {
    static final String USAGE = "usage: char-lm <config.json> [--local]";

    private CharLm() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    public static int run(String[] args, PrintStream err) {
        boolean local = args.length == 2 && args[1].equals("--local");
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !local)) {
            err.println("char-lm: " + USAGE);
            return ExitCode.USAGE.code();
        }
        try {
            var settings = CharLmTraining.Settings.parse(args[0], ConfigFiles.text(args[0], new org.apache.hadoop.conf.Configuration()));
            if (local) {
                CharLmTraining.run(null, settings, System.out);
                return ExitCode.OK.code();
            }
            return JobRunner.run("char-lm", err, spark -> {
                CharLmTraining.run(JavaSparkContext.fromSparkContext(spark.sparkContext()), settings, System.out);
                return ExitCode.OK;
            });
        } catch (Exception e) {
            JobFailure.Classified c = JobFailure.classify(e);
            err.println("char-lm: " + c.message());
            return c.code().code();
        }
    }
}
