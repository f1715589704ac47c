package io.sparknn.trainer.tune;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.optim.OptimizerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code compare} searches for each optimizer: a log-range per hyper-parameter, the keys an
 * optimizer's {@code HyperParameters} table lists (read through {@link OptimizerSpec#fields()} of
 * its PyTorch defaults). In the manner of Choi et al. 2019 ("On empirical comparisons of optimizers
 * for deep learning": every rate-like key on a log scale, 1 − β rather than β for the decay
 * factors) and Schmidt et al. 2021 ("Descending through a crowded valley": the same small budget of
 * trials for every optimizer); the bounds are this project's, the same for every optimizer where
 * they mean the same. Keys not searched keep PyTorch's defaults ({@link #HELD}: weight decay,
 * dampening, Nesterov, Adagrad's lr_decay and initial accumulator, RMSprop's momentum and centered,
 * AMSGrad).
 *
 * <p>A candidate is an optimizer kind ({@code sgd}, {@code adam}, …) or a named variant of one
 * ({@code momentum}, {@code nesterov}: SGD with those switched on). An optimizer kind with no entry
 * here (a kind added later), or whose table has a key with neither a range nor a place in
 * {@link #HELD}, is refused with a message saying so: its ranges must be documented first.
 */
public final class SearchSpace {
    /** How a point's coordinate u in [0, 1) becomes a value: 10^(lo + u·(hi − lo)), or 1 minus that. */
    public enum Scale {
        LOG,
        ONE_MINUS_LOG
    }

    /**
     * One searched key: {@code lo} and {@code hi} bound the value (LOG) or 1 − the value
     * (ONE_MINUS_LOG), both above 0.
     */
    public record Range(String key, double lo, double hi, Scale scale) {
        double value(double u) {
            double v = Math.pow(10, Math.log10(lo) + u * (Math.log10(hi) - Math.log10(lo)));
            return scale == Scale.LOG ? v : 1 - v;
        }

        String describe() {
            return scale == Scale.LOG
                    ? key + " in [" + lo + ", " + hi + "] (log)"
                    : "1 - " + key + " in [" + lo + ", " + hi + "] (log)";
        }
    }

    /**
     * A candidate: its optimizer kind, searched ranges and fixed settings.
     *
     * @param fixed keys set to a value other than PyTorch's default in every trial (nesterov's flag)
     */
    public record Candidate(String name, String kind, List<Range> searched, Map<String, Boolean> fixed) {
        /** Whether it is an optimizer at PyTorch's defaults (a "PyTorch defaults" row makes sense). */
        public boolean isPlainKind() {
            return name.equals(kind) && fixed.isEmpty();
        }

        /** The optimizer object of a trial at the unit-cube point {@code u}. */
        public ObjectNode optimizer(double[] u) {
            ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", kind);
            for (int d = 0; d < searched.size(); d++) {
                o.put(searched.get(d).key(), searched.get(d).value(u[d]));
            }
            fixed.forEach(o::put);
            return o;
        }

        /** PyTorch's defaults for the kind. */
        public ObjectNode defaults() {
            return JsonNodeFactory.instance.objectNode().put("type", kind);
        }

        public String describe() {
            List<String> parts = new ArrayList<>();
            searched.forEach(r -> parts.add(r.describe()));
            fixed.forEach((k, v) -> parts.add(k + " " + v));
            return name + " (" + kind + "): " + String.join(", ", parts);
        }
    }

    /** Keys every trial leaves at PyTorch's default unless a candidate searches or fixes them. */
    static final Set<String> HELD = Set.of(
            "weight_decay",
            "dampening",
            "nesterov",
            "lr_decay",
            "initial_accumulator",
            "momentum",
            "centered",
            "amsgrad");

    private static final Map<String, Candidate> TABLE = new LinkedHashMap<>();

    static {
        Range sgdLr = new Range("lr", 1e-3, 1, Scale.LOG);
        Range momentum = new Range("momentum", 1e-2, 1, Scale.ONE_MINUS_LOG); // μ in (0, 0.99]
        Range adaptiveLr = new Range("lr", 1e-5, 1e-1, Scale.LOG);
        Range eps = new Range("eps", 1e-10, 1e-4, Scale.LOG);
        add(new Candidate("sgd", "sgd", List.of(sgdLr), Map.of()));
        add(new Candidate("momentum", "sgd", List.of(new Range("lr", 1e-4, 1, Scale.LOG), momentum), Map.of()));
        add(new Candidate(
                "nesterov", "sgd", List.of(new Range("lr", 1e-4, 1, Scale.LOG), momentum), Map.of("nesterov", true)));
        add(new Candidate("adagrad", "adagrad", List.of(new Range("lr", 1e-3, 1, Scale.LOG), eps), Map.of()));
        add(new Candidate(
                "adadelta",
                "adadelta",
                List.of(
                        new Range("lr", 1e-2, 10, Scale.LOG),
                        new Range("rho", 1e-3, 1, Scale.ONE_MINUS_LOG),
                        new Range("eps", 1e-8, 1e-4, Scale.LOG)),
                Map.of()));
        add(new Candidate(
                "rmsprop",
                "rmsprop",
                List.of(adaptiveLr, new Range("alpha", 1e-3, 1e-1, Scale.ONE_MINUS_LOG), eps),
                Map.of()));
        List<Range> adam = List.of(
                adaptiveLr,
                new Range("beta1", 1e-2, 1, Scale.ONE_MINUS_LOG), // β1 in [0, 0.99]
                new Range("beta2", 1e-4, 1e-1, Scale.ONE_MINUS_LOG), // β2 in [0.9, 0.9999]
                eps);
        add(new Candidate("adam", "adam", adam, Map.of()));
        add(new Candidate("adamw", "adamw", adam, Map.of()));
    }

    private static void add(Candidate c) {
        TABLE.put(c.name(), c);
    }

    private SearchSpace() {}

    /** Every candidate with a documented space, by name. */
    public static List<Candidate> documented() {
        return List.copyOf(TABLE.values());
    }

    /**
     * The candidate named {@code name}, its keys checked against its optimizer's table.
     *
     * @throws SearchSpaceException an unknown name, or an optimizer without a documented space
     */
    public static Candidate candidate(String name) {
        Candidate c = TABLE.get(name);
        if (c == null) {
            OptimizerSpec.Kind kind;
            try {
                kind = OptimizerSpec.Kind.parse("compare", name);
            } catch (SpecException e) {
                throw new SearchSpaceException(
                        "compare: unknown optimizer '" + name + "' (one of " + String.join(", ", TABLE.keySet()) + ")");
            }
            throw new SearchSpaceException("compare: optimizer '" + kind.text() + "' has no documented search space "
                    + "(documented: " + String.join(", ", TABLE.keySet())
                    + "); add the log-range of each of its keys to io.sparknn.trainer.tune.SearchSpace and the README");
        }
        Set<String> keys = OptimizerSpec.defaults(OptimizerSpec.Kind.parse("compare", c.kind()))
                .fields()
                .keySet();
        for (String k : keys) {
            boolean searched = c.searched().stream().anyMatch(r -> r.key().equals(k));
            if (!searched && !c.fixed().containsKey(k) && !HELD.contains(k)) {
                throw new SearchSpaceException("compare: optimizer '" + name + "': key '" + k + "' of " + c.kind()
                        + " has no documented search range and is not held at its default; add it to "
                        + "io.sparknn.trainer.tune.SearchSpace");
            }
        }
        return c;
    }

    /** A name or search space {@code compare} cannot use: a config error (exit 3). */
    public static final class SearchSpaceException extends io.sparknn.engine.SparknnException {
        private static final long serialVersionUID = 1L;

        SearchSpaceException(String message) {
            super(Kind.BAD_CONFIG, message);
        }
    }
}
