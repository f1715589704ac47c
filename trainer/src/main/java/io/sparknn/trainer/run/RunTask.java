package io.sparknn.trainer.run;

import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.RunDirectory;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.config.TableData;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What a {@link TrainingRun} trains on and how it scores, by the kind of its data: a table of
 * examples ({@link TableTask}: classification or regression, scored on held-out rows on Spark) or a
 * text ({@link TextTask}: a character model, scored in bits per character). Opening one reads and
 * checks its data; nothing is written until the run has every task's checks behind it.
 */
sealed interface RunTask extends AutoCloseable permits TableTask, TextTask {

    /**
     * Reads and checks the data of {@code cfg} (and, resuming, that it fits the run directory).
     *
     * @param resumed the checkpoint the run continues from, or null
     */
    static RunTask open(Compute compute, JobConfig cfg, Checkpoint resumed, RunDirectory out) throws IOException {
        return cfg.data() instanceof TableData
                ? TableTask.open(compute, cfg, resumed)
                : TextTask.open(compute, cfg, resumed, out);
    }

    /** The config the run trains, its network sized to the data (a text's vocabulary). */
    JobConfig config();

    /** Partitions of the training data. */
    int partitions();

    /** {@code run-info.json} but for the BLAS and the versions, which the run adds. */
    Map<String, Object> runInfo(Map<String, Object> common);

    /** Files a run writes at its start besides the config and the run information. */
    void writeStartFiles(RunDirectory out) throws IOException;

    /** What is trained on, for the log. */
    String describe();

    GradientSource source(int threadsPerTask);

    /** The scaling saved with the model (null: none). */
    Preprocessing preprocessing();

    /** Called once before the first step, with the state the run starts from and the metrics lines a resume keeps. */
    void start(TrainingState state, List<String> keptMetrics);

    /** Called after every step. */
    void onStep(StepReport r);

    /**
     * Scores the validation data with the current model ({@code epochEnd}: at an epoch's end; else
     * inside an epoch, under {@code training.evaluate_every}); null when the task has none.
     */
    Score score(int epoch, TrainingState state, Model current, boolean epochEnd);

    /**
     * A last score when the run stopped inside an epoch ({@code training.max_steps}) with steps
     * not yet scored, or null.
     */
    Score scoreOfLastSteps(TrainingState state, Model current);

    /** Whether {@link #score} scores anything (a table without held-out rows does not). */
    boolean scores();

    /** The final evaluation of the model the run hands over ({@code evaluation.json}), or null. */
    Metrics finalEvaluation(Model handedOver);

    @Override
    void close();
}
