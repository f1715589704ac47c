package io.sparknn.trainer.report;

import java.util.List;

/**
 * Everything the report shows of one run.
 *
 * @param name       the run's name in legends: its directory's name
 * @param dir        the directory as given
 * @param failure    how a failed run ended (the error line), or null
 * @param info       {@code run-info.json}'s entries, in its order
 * @param config     {@code config.resolved.json} as written, or null
 * @param model      null when there is no readable config
 * @param evaluation null when there is no {@code evaluation.json} (a text, an unfinished run)
 */
public record RunData(
        String name,
        String dir,
        Status status,
        String failure,
        MetricsLines metrics,
        List<Fact> info,
        String config,
        ModelSummary model,
        Evaluation evaluation) {
    public RunData {
        info = List.copyOf(info);
    }

    /** How far the run got. */
    public enum Status {
        /** {@code _SUCCESS} is there. */
        FINISHED,
        /** No {@code _SUCCESS}: running, killed, or failed before this report was asked for. */
        UNFINISHED,
        /** Written by the failed run itself, which knows its error. */
        FAILED
    }

    /** One entry of {@code run-info.json}, its value as written. */
    public record Fact(String name, String value) {}

    /** This run as one that has finished (written just before its {@code _SUCCESS}). */
    public RunData finished() {
        return new RunData(name, dir, Status.FINISHED, null, metrics, info, config, model, evaluation);
    }

    /** This run as one that ended with {@code error}. */
    public RunData failed(String error) {
        return new RunData(name, dir, Status.FAILED, error, metrics, info, config, model, evaluation);
    }

    /** This run, with the model summary taken from the network it trained. */
    public RunData withModel(ModelSummary m) {
        return new RunData(name, dir, status, failure, metrics, info, config, m, evaluation);
    }

    /** This run under another name (two directories of the same name). */
    RunData named(String n) {
        return new RunData(n, dir, status, failure, metrics, info, config, model, evaluation);
    }
}
