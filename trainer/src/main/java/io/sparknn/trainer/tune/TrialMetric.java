package io.sparknn.trainer.tune;

import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.config.StopMetric;
import io.sparknn.trainer.report.RunData;
import io.sparknn.trainer.report.ScoreLine;
import io.sparknn.trainer.report.StepLine;
import java.util.List;

/**
 * What a comparison selects its trials on, and how a finished trial is scored by it: the validation
 * accuracy (higher is better), or else the validation loss, or a text's bits per character (lower).
 */
enum TrialMetric {
    ACCURACY("accuracy", true),
    BITS_PER_CHARACTER("bits per character", false),
    LOSS("loss", false);

    /** As the table and comparison.json name it. */
    final String text;

    final boolean higherIsBetter;

    TrialMetric(String text, boolean higherIsBetter) {
        this.text = text;
        this.higherIsBetter = higherIsBetter;
    }

    /** The config's {@code training.metric}, where it applies (a regression scores no accuracy). */
    static TrialMetric of(JobConfig cfg) {
        if (cfg.network() == null) {
            return BITS_PER_CHARACTER;
        }
        boolean accuracy = cfg.training().metric() == StopMetric.ACCURACY
                && !cfg.network().loss().text().equals("mse");
        return accuracy ? ACCURACY : LOSS;
    }

    /** A finished trial's metric, and the steps and training seconds to {@code target} (−1 and NaN when never reached). */
    record Score(double metric, long steps, double seconds) {}

    /** This metric of a score line. */
    double value(ScoreLine s) {
        return switch (this) {
            case ACCURACY -> s.accuracy();
            case BITS_PER_CHARACTER -> s.validationBpc();
            case LOSS -> s.loss();
        };
    }

    /** {@code a} better than {@code b}. */
    boolean better(double a, double b) {
        return higherIsBetter ? a > b : a < b;
    }

    /**
     * A run's score: its last scoring's metric, or its best with early stopping ({@code best}); and
     * the first scoring that reached {@code target} (NaN: none asked).
     */
    Score score(RunData d, boolean best, double target) {
        List<ScoreLine> scores = d.metrics().scores().stream()
                .filter(s -> s.kind() != ScoreLine.Kind.EVALUATION)
                .toList();
        double metric = Double.NaN;
        if (!scores.isEmpty()) {
            if (best) {
                for (ScoreLine s : scores) {
                    double v = value(s);
                    if (Double.isNaN(metric) || better(v, metric)) {
                        metric = v;
                    }
                }
            } else {
                metric = value(scores.get(scores.size() - 1));
            }
        }
        if (!Double.isNaN(target)) {
            for (ScoreLine s : d.metrics().scores()) {
                double v = value(s);
                if (higherIsBetter ? v >= target : v <= target) {
                    double seconds = Double.isNaN(s.trainSeconds())
                            ? secondsAt(d.metrics().steps(), s.step())
                            : s.trainSeconds();
                    return new Score(metric, s.step(), seconds);
                }
            }
        }
        return new Score(metric, -1, Double.NaN);
    }

    /** The training time when {@code steps} steps were done: the step line of step {@code steps − 1}. */
    private static double secondsAt(List<StepLine> lines, long steps) {
        double t = Double.NaN;
        for (StepLine l : lines) {
            if (l.step() < steps) {
                t = l.trainSeconds();
            }
        }
        return t;
    }
}
