package io.sparknn.jobs;

import io.sparknn.engine.io.ModelFileException;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.train.TrainingException;
import io.sparknn.trainer.checkpoint.OutputDirectoryException;
import io.sparknn.trainer.config.ConfigException;
import io.sparknn.trainer.data.DataException;

/**
 * Maps what went wrong to an exit code and one clear message. Errors raised inside Spark tasks
 * arrive wrapped in a SparkException: the cause chain is searched for ours.
 */
final class JobFailure {
    private JobFailure() {
    }

    /** The exit code and message for a throwable, looking through wrapping exceptions. */
    static Classified classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            ExitCode code = code(c);
            if (code != null) {
                return new Classified(code, c.getMessage());
            }
            if (c.getCause() == c) {
                break;
            }
        }
        String text = String.valueOf(t.getMessage());
        if (text.contains("cancelled") || text.contains("SparkContext was shut down")) {
            return new Classified(ExitCode.INTERRUPTED, "interrupted: " + text);
        }
        return new Classified(ExitCode.FAILED, t.toString());
    }

    private static ExitCode code(Throwable c) {
        if (c instanceof ConfigException || c instanceof SpecException) {
            return ExitCode.BAD_CONFIG;
        }
        if (c instanceof DataException) {
            return ExitCode.BAD_DATA;
        }
        if (c instanceof TrainingException t) {
            return switch (t.kind()) {
                case BAD_CONFIG -> ExitCode.BAD_CONFIG;
                case DIVERGED -> ExitCode.DIVERGED;
                case OUTPUT_REFUSED -> ExitCode.OUTPUT_REFUSED;
            };
        }
        if (c instanceof OutputDirectoryException) {
            return ExitCode.OUTPUT_REFUSED;
        }
        if (c instanceof ModelFileException) {
            return ExitCode.BAD_MODEL;
        }
        if (c instanceof InterruptedException) {
            return ExitCode.INTERRUPTED;
        }
        return null;
    }

    record Classified(ExitCode code, String message) {
    }
}
