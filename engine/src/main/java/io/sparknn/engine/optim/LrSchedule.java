package io.sparknn.engine.optim;

import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * A learning-rate schedule as plain data, evaluated in closed form from the step: the rate of
 * optimizer step {@code t}, where {@code t} is the number of optimizer steps already taken (0 for
 * the first step; the trainer's global step). It counts <em>optimizer steps</em>, not epochs: it
 * equals PyTorch's scheduler with {@code scheduler.step()} called after every
 * {@code optimizer.step()}, i.e. {@code last_epoch = t}. For a per-epoch decay, give sizes in steps
 * (epochs × steps per epoch). Being a function of t alone, a resumed run needs no scheduler state.
 *
 * <p>The base rate is the optimizer's {@code lr} (PyTorch's {@code base_lrs}), passed in, so a
 * schedule does not repeat it. Text form (see {@link LrSchedules#parse}): {@link #toText()}.
 */
public sealed interface LrSchedule {

    /** The rate of optimizer step {@code t} (t ≥ 0 steps already taken) for base rate {@code baseLr}. */
    double lr(double baseLr, long t);

    /** The kind as written in spec text and a config's {@code schedule.type}: one of {@link LrSchedules#KINDS}. */
    String kind();

    /**
     * The settings as typed values, in the order of {@link #toText()} and of a resolved config; a
     * warm-up's follow the schedule it wraps.
     */
    Map<String, SpecValue> fields();

    /** One line {@code kind key=value ...} of the {@link #fields()}, which {@link LrSchedules#parse} reads back. */
    default String toText() {
        return SpecValue.line(kind(), fields());
    }

    /** This schedule for a fixed base rate, as the trainer's step → rate function. */
    default LongToDoubleFunction forBaseLr(double baseLr) {
        return t -> lr(baseLr, t);
    }

    /** The base rate at every step. */
    record Constant() implements LrSchedule {
        @Override
        public double lr(double baseLr, long t) {
            return baseLr;
        }

        @Override
        public String kind() {
            return "constant";
        }

        @Override
        public Map<String, SpecValue> fields() {
            return Map.of();
        }
    }

    /** PyTorch's {@code StepLR}: {@code base · γ^⌊t / stepSize⌋}. */
    record StepDecay(long stepSize, double gamma) implements LrSchedule {
        public StepDecay {
            if (stepSize < 1) {
                throw new SpecException("lr schedule step: step_size must be >= 1, got " + stepSize);
            }
            checkGamma("step", gamma);
        }

        @Override
        public double lr(double baseLr, long t) {
            return baseLr * Math.pow(gamma, Math.floorDiv(t, stepSize));
        }

        @Override
        public String kind() {
            return "step";
        }

        @Override
        public Map<String, SpecValue> fields() {
            Map<String, SpecValue> f = new LinkedHashMap<>();
            f.put("step_size", SpecValue.integer(stepSize));
            f.put("gamma", SpecValue.real(gamma));
            return f;
        }
    }

    /** PyTorch's {@code ExponentialLR}: {@code base · γ^t}. */
    record Exponential(double gamma) implements LrSchedule {
        public Exponential {
            checkGamma("exponential", gamma);
        }

        @Override
        public double lr(double baseLr, long t) {
            return baseLr * Math.pow(gamma, t);
        }

        @Override
        public String kind() {
            return "exponential";
        }

        @Override
        public Map<String, SpecValue> fields() {
            return Map.of("gamma", SpecValue.real(gamma));
        }
    }

    /**
     * PyTorch's {@code CosineAnnealingLR} closed form: {@code η_min + (base − η_min)·(1 + cos(π·t/T_max))/2}.
     * As in PyTorch it does not stop at T_max: the cosine continues, rising back to base at 2·T_max.
     */
    record Cosine(long tMax, double etaMin) implements LrSchedule {
        public Cosine {
            if (tMax < 1) {
                throw new SpecException("lr schedule cosine: t_max must be >= 1, got " + tMax);
            }
            if (!(etaMin >= 0) || Double.isInfinite(etaMin)) {
                throw new SpecException("lr schedule cosine: eta_min must be a number >= 0, got " + etaMin);
            }
        }

        @Override
        public double lr(double baseLr, long t) {
            return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
        }

        @Override
        public String kind() {
            return "cosine";
        }

        @Override
        public Map<String, SpecValue> fields() {
            Map<String, SpecValue> f = new LinkedHashMap<>();
            f.put("t_max", SpecValue.integer(tMax));
            f.put("eta_min", SpecValue.real(etaMin));
            return f;
        }
    }

    /**
     * Linear warm-up for {@code steps} steps, then {@code then} started afresh: for t &lt; steps,
     * {@code base · (s + (1 − s)·t / steps)} (PyTorch's {@code LinearLR} with start factor s, end
     * factor 1); from t = steps on, {@code then.lr(base, t − steps)}. This is PyTorch's
     * {@code SequentialLR([LinearLR(s, total_iters=steps), then], milestones=[steps])}.
     */
    record Warmup(long steps, double startFactor, LrSchedule then) implements LrSchedule {
        public Warmup {
            if (steps < 1) {
                throw new SpecException("lr schedule warm-up: warmup must be >= 1 step, got " + steps);
            }
            if (!(startFactor > 0 && startFactor <= 1)) {
                throw new SpecException(
                        "lr schedule warm-up: warmup_start_factor must be in (0, 1], got " + startFactor);
            }
            if (then == null || then instanceof Warmup) {
                throw new SpecException("lr schedule warm-up: needs a schedule to follow that is not a warm-up");
            }
        }

        @Override
        public double lr(double baseLr, long t) {
            if (t < steps) {
                return baseLr * (startFactor + (1 - startFactor) * t / steps);
            }
            return then.lr(baseLr, t - steps);
        }

        /** The kind of the schedule that follows the warm-up. */
        @Override
        public String kind() {
            return then.kind();
        }

        @Override
        public Map<String, SpecValue> fields() {
            Map<String, SpecValue> f = new LinkedHashMap<>(then.fields());
            f.put("warmup", SpecValue.integer(steps));
            f.put("warmup_start_factor", SpecValue.real(startFactor));
            return f;
        }
    }

    private static void checkGamma(String kind, double gamma) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new SpecException("lr schedule " + kind + ": gamma must be a number >= 0, got " + gamma);
        }
    }
}
