package io.sparknn.trainer.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Which charts a report has, and their curves: loss (or bits per character, or the regression
 * metrics) and accuracy (train: of each logged step's batch; validation) against step and against
 * training time, the learning rate, the gradient
 * norm, samples per second, and each run's step time split. Runs are overlaid in one chart, one
 * colour each; validation curves are dashed. A chart no run has a value for is left out. A failed
 * run is marked where its last step line was logged.
 */
final class Charts {
    private static final String STEP = "step";
    private static final String TIME = "training time (s)";

    private Charts() {}

    static List<Chart> curves(List<RunData> runs) {
        List<Chart> out = new ArrayList<>();
        onBothAxes(
                out,
                "loss",
                "loss",
                runs,
                (r, c, byTime) -> List.of(
                        steps(r, c, "train", false, StepLine::loss, byTime),
                        scores(r, c, "validation", true, ScoreLine::loss, byTime)));
        onBothAxes(
                out,
                "accuracy",
                "accuracy",
                runs,
                (r, c, byTime) -> List.of(
                        steps(r, c, "train", false, StepLine::trainAccuracy, byTime),
                        scores(r, c, "validation", true, ScoreLine::accuracy, byTime)));
        onBothAxes(
                out,
                "bpc",
                "bits per character",
                runs,
                (r, c, byTime) -> List.of(
                        scores(r, c, "train", false, ScoreLine::trainBpc, byTime),
                        scores(r, c, "validation", true, ScoreLine::validationBpc, byTime)));
        onBothAxes(
                out,
                "mse",
                "validation MSE (solid) and MAE (dashed)",
                runs,
                (r, c, byTime) -> List.of(
                        scores(r, c, "MSE", false, ScoreLine::mse, byTime),
                        scores(r, c, "MAE", true, ScoreLine::mae, byTime)));
        onStepAxis(
                out,
                "r2",
                "validation R\u00b2",
                runs,
                (r, c, byTime) -> List.of(scores(r, c, "R\u00b2", true, ScoreLine::r2, byTime)));
        onStepAxis(
                out,
                "lr",
                "learning rate",
                runs,
                (r, c, byTime) -> List.of(steps(r, c, "lr", false, StepLine::lr, byTime)));
        onStepAxis(
                out,
                "grad-norm",
                "gradient norm",
                runs,
                (r, c, byTime) -> List.of(steps(r, c, "gradient norm", false, StepLine::gradNorm, byTime)));
        onStepAxis(
                out,
                "samples",
                "samples/s",
                runs,
                (r, c, byTime) -> List.of(steps(r, c, "samples/s", false, StepLine::samplesPerSecond, byTime)));
        return out;
    }

    /** The chart against step, then against training time (each left out when no run has a value). */
    private static void onBothAxes(List<Chart> out, String id, String what, List<RunData> runs, Curves curves) {
        onStepAxis(out, id, what, runs, curves);
        add(out, against(id, what, runs, true, curves));
    }

    private static void onStepAxis(List<Chart> out, String id, String what, List<RunData> runs, Curves curves) {
        add(out, against(id, what, runs, false, curves));
    }

    /** One run's step time split: compute, aggregate, optimizer and broadcast milliseconds per step. */
    static Chart timeSplit(RunData run, int index) {
        List<Series> s = List.of(
                steps(run, 0, "compute", false, StepLine::computeMs, false),
                steps(run, 1, "aggregate", false, StepLine::aggregateMs, false),
                steps(run, 2, "optimizer", false, StepLine::optimizerMs, false),
                steps(run, 3, "broadcast", false, StepLine::broadcastMs, false));
        return new Chart(
                "time-split-" + index,
                "step time split (ms per step): " + run.name(),
                STEP,
                "ms",
                s,
                failure(run, false).stream().toList());
    }

    /**
     * One run's bytes per step on each channel Spark counted (into the driver, broadcast, shuffle
     * written and read); no points for a run that did not record them.
     */
    static Chart bytesPerStep(RunData run, int index) {
        List<Series> s = List.of(
                steps(run, 0, "into the driver", false, l -> l.bytes().driverIn(), false),
                steps(run, 1, "broadcast", false, l -> l.bytes().broadcast(), false),
                steps(run, 2, "shuffle written", false, l -> l.bytes().shuffleWrite(), false),
                steps(run, 3, "shuffle read", false, l -> l.bytes().shuffleRead(), false));
        return new Chart(
                "bytes-" + index,
                "bytes per step: " + run.name(),
                STEP,
                "bytes",
                s,
                failure(run, false).stream().toList());
    }

    /** A chart's curves for one run in its colour, against step or against training time. */
    private interface Curves {
        List<Series> of(RunData run, int color, boolean byTime);
    }

    private static Chart against(String id, String what, List<RunData> runs, boolean byTime, Curves curves) {
        List<Series> series = new ArrayList<>();
        List<Chart.Marker> markers = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            series.addAll(curves.of(runs.get(i), i, byTime));
            failure(runs.get(i), byTime).ifPresent(markers::add);
        }
        return new Chart(
                id + (byTime ? "-time" : "-step"),
                what + " against " + (byTime ? "training time" : "step"),
                byTime ? TIME : STEP,
                what,
                series,
                markers);
    }

    private static void add(List<Chart> out, Chart c) {
        if (c.hasPoints()) {
            out.add(c);
        }
    }

    private static java.util.Optional<Chart.Marker> failure(RunData run, boolean byTime) {
        List<StepLine> steps = run.metrics().steps();
        if (run.status() != RunData.Status.FAILED || steps.isEmpty()) {
            return java.util.Optional.empty();
        }
        StepLine last = steps.get(steps.size() - 1);
        double x = byTime ? last.trainSeconds() : last.step();
        return Double.isFinite(x)
                ? java.util.Optional.of(new Chart.Marker(x, run.name() + ": failed after step " + last.step()))
                : java.util.Optional.empty();
    }

    private static Series steps(
            RunData run, int color, String what, boolean dashed, ToDoubleFunction<StepLine> y, boolean byTime) {
        List<StepLine> lines = run.metrics().steps();
        double[] xs = new double[lines.size()];
        double[] ys = new double[lines.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = byTime ? lines.get(i).trainSeconds() : lines.get(i).step();
            ys[i] = y.applyAsDouble(lines.get(i));
        }
        return new Series(run.name() + " " + what, color, dashed, xs, ys);
    }

    private static Series scores(
            RunData run, int color, String what, boolean dashed, ToDoubleFunction<ScoreLine> y, boolean byTime) {
        List<ScoreLine> lines = run.metrics().scores();
        double[] xs = new double[lines.size()];
        double[] ys = new double[lines.size()];
        for (int i = 0; i < xs.length; i++) {
            ScoreLine s = lines.get(i);
            xs[i] = byTime ? timeOf(run.metrics().steps(), s) : s.step();
            ys[i] = y.applyAsDouble(s);
        }
        return new Series(run.name() + " " + what, color, dashed, xs, ys);
    }

    /**
     * The training time of a score: a text's own, else that of the step line of the last step it
     * follows (a score after S steps comes after the step numbered S − 1); NaN without one.
     */
    static double timeOf(List<StepLine> steps, ScoreLine s) {
        if (!Double.isNaN(s.trainSeconds())) {
            return s.trainSeconds();
        }
        int lo = 0;
        int hi = steps.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (steps.get(mid).step() <= s.step() - 1) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? Double.NaN : steps.get(found).trainSeconds();
    }
}
