package io.sparknn.trainer.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.SparknnException;
import io.sparknn.engine.train.DivergedException;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.checkpoint.OutputDirectoryException;
import io.sparknn.trainer.checkpoint.OutputFiles;
import io.sparknn.trainer.config.ConfigException;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.report.RunData;
import io.sparknn.trainer.report.RunFiles;
import io.sparknn.trainer.run.Compute;
import io.sparknn.trainer.run.TrainingRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An equal-budget comparison of optimizers on one config (Choi et al. 2019, Schmidt et al. 2021):
 * the same network, data, global batch, epochs and schedule for each; each optimizer gets the same
 * N trials at the Halton points 1 … N ({@link Halton}) mapped into its search space
 * ({@link SearchSpace}); the trial with the best final validation metric (the config's
 * {@code training.metric}: accuracy, or the loss; a text's bits per character) wins, and is re-run
 * with 3 other seeds (seed + 1 … + 3), whose mean ± sample standard deviation is the optimizer's
 * row (the selection run itself is left out: it is the luckiest of N). Each optimizer kind also gets
 * a "PyTorch defaults" row, its defaults run with the same 3 seeds.
 *
 * <p>Every trial is a normal run directory under {@code <out>/trials/}, {@code <out>/seeds/} and
 * {@code <out>/defaults/}; a finished one (its {@code _SUCCESS}) is read, not run again, so an
 * interrupted comparison resumes where it stopped (a trial cut short starts again, or resumes from
 * its checkpoint under {@code output.checkpoint_every}); a finished trial whose config is not the
 * one this comparison plans is refused (another comparison's directory). Trials run round-robin
 * (trial 1 of every optimizer, then trial 2, …), so a comparison stopped by its budget
 * ({@code --budget-minutes}: checked at every step) has given every optimizer the same number of
 * trials give or take one; it reports what it has.
 */
public final class Comparison {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Seeds each winner and each default is re-run with. */
    public static final int SEEDS = 3;

    /**
     * What to compare.
     *
     * @param target        the validation metric to reach (steps and seconds to it), or NaN for none
     * @param budgetMinutes stop after this long (0: no budget)
     */
    public record Settings(List<String> optimizers, int trials, double target, double budgetMinutes, String out) {
        public Settings {
            if (optimizers.isEmpty()) {
                throw new ConfigException("compare: --optimizers names no optimizer");
            }
            if (new HashSet<>(optimizers).size() != optimizers.size()) {
                throw new ConfigException("compare: --optimizers names an optimizer twice: " + optimizers);
            }
            if (trials < 1) {
                throw new ConfigException("compare: --trials must be at least 1, got " + trials);
            }
            if (Double.isInfinite(target)) {
                throw new ConfigException("compare: --target must be a finite number, got " + target);
            }
            if (!(budgetMinutes >= 0) || Double.isInfinite(budgetMinutes)) {
                throw new ConfigException(
                        "compare: --budget-minutes must be a finite number > 0, got " + budgetMinutes);
            }
            optimizers = List.copyOf(optimizers);
        }

        /** The candidates, each checked: an unknown name or an optimizer without a documented search space fails here. */
        public List<SearchSpace.Candidate> candidates() {
            List<SearchSpace.Candidate> c = new ArrayList<>();
            for (String name : optimizers) {
                SearchSpace.Candidate k = SearchSpace.candidate(name);
                if (k.searched().size() > Halton.maxDimensions()) {
                    throw new ConfigException("compare: " + name + " searches more keys than the Halton points have");
                }
                c.add(k);
            }
            return c;
        }
    }

    /** One run of the comparison and what it scored. */
    public record Trial(
            String candidate,
            String role,
            String dir,
            JsonNode optimizer,
            long seed,
            String status,
            double metric,
            long stepsToTarget,
            double secondsToTarget) {
        boolean finished() {
            return status.equals("finished");
        }
    }

    /** One optimizer's row. */
    public record Row(String label, String candidate, JsonNode optimizer, List<Trial> runs, int trialsDone) {}

    /** What the comparison has: every trial, the rows, and whether the budget stopped it. */
    public record Result(
            List<Trial> trials, List<Row> rows, String metricName, boolean higherIsBetter, boolean budgetSpent) {}

    /** Ends the current trial when the comparison's budget is spent. */
    private static final class BudgetSpent extends SparknnException {
        private static final long serialVersionUID = 1L;

        BudgetSpent() {
            super(Kind.BAD_CONFIG, "the comparison's budget is spent"); // always caught by the comparison
        }
    }

    private final Compute compute;
    private final JobConfig cfg;
    private final Settings settings;
    private final Consumer<NetworkSpec> checkNetwork;
    private final Consumer<String> say;
    private final long deadline;
    private final FileSystem fs;
    private final TrialMetric metric;

    private Comparison(
            Compute compute, JobConfig cfg, Settings s, Consumer<NetworkSpec> checkNetwork, Consumer<String> say)
            throws IOException {
        this.compute = compute;
        this.cfg = cfg;
        this.settings = s;
        this.checkNetwork = checkNetwork;
        this.say = say;
        this.deadline = s.budgetMinutes() > 0 ? System.nanoTime() + (long) (s.budgetMinutes() * 60e9) : Long.MAX_VALUE;
        this.fs = new Path(s.out()).getFileSystem(compute.hadoop());
        this.metric = TrialMetric.of(cfg);
    }

    /** The default output directory: {@code compare/} inside the config's own run directory. */
    public static String defaultOut(JobConfig cfg) {
        return new Path(cfg.output().dir(), "compare").toString();
    }

    /** Runs (or resumes) the comparison and writes {@code comparison.json}, {@code comparison.md} and {@code comparison.html}. */
    public static Result run(
            Compute compute, JobConfig cfg, Settings s, Consumer<NetworkSpec> checkNetwork, Consumer<String> say)
            throws IOException {
        List<SearchSpace.Candidate> candidates = s.candidates();
        return new Comparison(compute, cfg, s, checkNetwork, say).run(candidates);
    }

    private Result run(List<SearchSpace.Candidate> candidates) throws IOException {
        say.accept(String.format(
                Locale.ROOT,
                "compare: %d optimizer(s) x %d trial(s) at Halton points 1..%d, selection on the validation %s, "
                        + "winners and PyTorch defaults re-run with %d seeds%s",
                candidates.size(),
                settings.trials(),
                settings.trials(),
                metric.text,
                SEEDS,
                settings.budgetMinutes() > 0 ? ", budget " + settings.budgetMinutes() + " min" : ""));
        candidates.forEach(c -> say.accept("compare: search space " + c.describe()));
        Map<String, List<Trial>> trials = new LinkedHashMap<>();
        candidates.forEach(c -> trials.put(c.name(), new ArrayList<>()));
        List<Trial> all = new ArrayList<>();
        boolean spent = false;
        long seed = cfg.training().seed();
        outer:
        for (int i = 1; i <= settings.trials(); i++) {
            for (SearchSpace.Candidate c : candidates) {
                Trial t = trial(c.name(), "trial " + i, "trials/" + c.name() + "-" + i, c.optimizer(point(c, i)), seed);
                if (t == null) {
                    spent = true;
                    break outer;
                }
                trials.get(c.name()).add(t);
                all.add(t);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (SearchSpace.Candidate c : candidates) {
            Trial best = best(trials.get(c.name()));
            if (best == null) {
                continue;
            }
            List<Trial> runs = spent ? List.of() : seedRuns(c.name(), "seed", "seeds/", best.optimizer(), seed, all);
            spent |= runs.size() < SEEDS;
            rows.add(new Row(
                    c.name() + " (best of " + trials.get(c.name()).size() + ")",
                    c.name(),
                    best.optimizer(),
                    runs.isEmpty() ? List.of(best) : runs,
                    trials.get(c.name()).size()));
        }
        for (SearchSpace.Candidate c : candidates) {
            if (!c.isPlainKind() || spent) {
                continue;
            }
            List<Trial> runs = seedRuns(c.name(), "defaults seed", "defaults/", c.defaults(), seed, all);
            spent |= runs.size() < SEEDS;
            if (!runs.isEmpty()) {
                rows.add(new Row(c.name() + " (PyTorch defaults)", c.name(), c.defaults(), runs, 0));
            }
        }
        if (spent) {
            say.accept("compare: the budget of " + settings.budgetMinutes() + " min is spent; reporting what there is "
                    + "(run the same command again to continue)");
        }
        Result r = new Result(all, rows, metric.text, metric.higherIsBetter, spent);
        ComparisonPages.write(fs, new Path(settings.out()), cfg, settings, r, this::runData);
        ComparisonPages.table(r, settings).lines().forEach(l -> say.accept(l));
        say.accept("compare: wrote " + fs.makeQualified(new Path(settings.out(), "comparison.html")));
        return r;
    }

    private static double[] point(SearchSpace.Candidate c, int i) {
        return Halton.point(i, c.searched().size());
    }

    /** The best finished trial (the first of equals), or null. */
    private Trial best(List<Trial> ts) {
        Trial best = null;
        for (Trial t : ts) {
            if (!t.finished() || Double.isNaN(t.metric())) {
                continue;
            }
            if (best == null || metric.better(t.metric(), best.metric())) {
                best = t;
            }
        }
        return best;
    }

    /** Runs or reads one trial; null when the budget ran out before or during it. */
    /**
     * The {@link #SEEDS} re-runs of {@code optimizer} with seeds after {@code seed}, each also added
     * to {@code all}; fewer when the budget ran out.
     */
    private List<Trial> seedRuns(
            String candidate, String role, String directory, JsonNode optimizer, long seed, List<Trial> all)
            throws IOException {
        List<Trial> runs = new ArrayList<>();
        for (int k = 1; k <= SEEDS; k++) {
            Trial t = trial(
                    candidate,
                    role + " " + (seed + k),
                    directory + candidate + "-seed" + (seed + k),
                    optimizer,
                    seed + k);
            if (t == null) {
                break;
            }
            runs.add(t);
            all.add(t);
        }
        return runs;
    }

    private Trial trial(String candidate, String role, String relative, JsonNode optimizer, long seed)
            throws IOException {
        if (System.nanoTime() > deadline) {
            return null;
        }
        Path dir = new Path(settings.out(), relative);
        Path divergedMark = new Path(dir.getParent(), dir.getName() + ".diverged");
        boolean finished = fs.exists(new Path(dir, "_SUCCESS"));
        boolean checkpointed = fs.exists(new Path(dir, "checkpoints"));
        ObjectNode tree = DerivedConfig.tree(cfg);
        tree.set("optimizer", optimizer.deepCopy());
        ObjectNode training = (ObjectNode) tree.get("training");
        training.put("seed", seed);
        training.put("log_every", 1); // steps and seconds to the target from every step
        DerivedConfig.output(
                tree,
                dir.toString(),
                finished || checkpointed ? "auto" : "overwrite",
                cfg.output().everySteps());
        JobConfig t = DerivedConfig.read(cfg, tree, "compare " + candidate + " " + role);
        if (finished) {
            samePlan(dir, t);
        } else if (fs.exists(divergedMark)) {
            return new Trial(candidate, role, dir.toString(), optimizer, seed, "diverged", Double.NaN, -1, Double.NaN);
        }
        String status = "finished";
        if (!finished) {
            say.accept("compare: " + candidate + " " + role + ": " + optimizer);
            try {
                new TrainingRun(compute, t, false)
                        .checkingNetwork(checkNetwork)
                        .observedBy(new TrainingLoop.Listener() {
                            @Override
                            public void onStep(StepReport r, TrainingState s) {
                                if (System.nanoTime() > deadline) {
                                    throw new BudgetSpent();
                                }
                            }
                        })
                        .run();
            } catch (BudgetSpent e) {
                return null;
            } catch (DivergedException e) {
                status = "diverged";
                OutputFiles.write(fs, divergedMark, e.getMessage().getBytes(StandardCharsets.UTF_8));
                say.accept("compare: " + candidate + " " + role + " diverged: " + e.getMessage());
            }
        }
        if (!status.equals("finished")) {
            return new Trial(candidate, role, dir.toString(), optimizer, seed, status, Double.NaN, -1, Double.NaN);
        }
        return scored(candidate, role, dir, optimizer, seed);
    }

    /** A finished trial's directory must hold the run this comparison plans (else it is another comparison's). */
    private void samePlan(Path dir, JobConfig planned) throws IOException {
        JsonNode had;
        try (InputStream in = fs.open(new Path(dir, "config.resolved.json"))) {
            had = JSON.readTree(in);
        }
        ObjectNode want = DerivedConfig.tree(planned);
        ((ObjectNode) had).remove("output");
        want.remove("output");
        if (!had.equals(want)) {
            throw new OutputDirectoryException("compare: " + dir + " holds a finished trial of another comparison "
                    + "(its config differs from the one planned: another config, optimizer list or trial count); "
                    + "give --out another directory");
        }
    }

    RunData runData(Trial t) throws IOException {
        return RunFiles.read(fs, new Path(t.dir()), t.candidate() + " " + t.role());
    }

    private Trial scored(String candidate, String role, Path dir, JsonNode optimizer, long seed) throws IOException {
        TrialMetric.Score sc = metric.score(
                RunFiles.read(fs, dir, dir.getName()), cfg.training().patience() > 0, settings.target());
        return new Trial(
                candidate, role, dir.toString(), optimizer, seed, "finished", sc.metric(), sc.steps(), sc.seconds());
    }

    /** Mean and sample standard deviation (n − 1; 0 for one value) of the finished runs' metric. */
    static double[] meanSd(double[] v) {
        double[] f = Arrays.stream(v).filter(d -> !Double.isNaN(d)).toArray();
        if (f.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mean = Arrays.stream(f).sum() / f.length;
        double ss = 0;
        for (double d : f) {
            ss += (d - mean) * (d - mean);
        }
        return new double[] {mean, f.length > 1 ? Math.sqrt(ss / (f.length - 1)) : 0};
    }
}
