package io.sparknn.trainer.run;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.SparknnException;
import io.sparknn.trainer.checkpoint.RunDirectory;
import io.sparknn.trainer.report.ModelSummary;
import io.sparknn.trainer.report.ReportWriter;
import io.sparknn.trainer.report.RunData;
import io.sparknn.trainer.report.RunFiles;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's own {@code report.html}, written from its files once the metrics log is closed: when it
 * finishes (before {@code _SUCCESS}) and when it fails (showing the error and where the run
 * stopped). Writing it never changes how the run ends: a report that cannot be written is a warning.
 */
final class RunReport {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private RunReport() {}

    /** @param failure what ended the run, or null when it finished */
    static void write(RunDirectory out, NetworkSpec spec, Exception failure) {
        try {
            RunData run =
                    RunFiles.read(out.fs(), out.path(), out.path().getName()).withModel(ModelSummary.of(spec));
            run = failure == null ? run.finished() : run.failed(message(failure));
            ReportWriter.write(out.fs(), out.file(ReportWriter.FILE), List.of(run));
            LOG.info("report {}", out.fs().makeQualified(out.file(ReportWriter.FILE)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write {}: {}", out.file(ReportWriter.FILE), e.toString());
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The project's own message (the step a run diverged at), else the error as Java prints it. */
    static String message(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof SparknnException e) {
                return e.getMessage();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return failure.toString();
    }
}
