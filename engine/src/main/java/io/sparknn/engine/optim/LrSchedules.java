package io.sparknn.engine.optim;

import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecFields;
import java.util.List;

/**
 * Reads an {@link LrSchedule} from its text: {@code kind [key=value ...] [warmup=N [warmup_start_factor=s]]}
 * with kind one of
 * <ul>
 *   <li>{@code constant}</li>
 *   <li>{@code step step_size=N [gamma=0.1]} (PyTorch StepLR's default γ)</li>
 *   <li>{@code exponential gamma=γ}</li>
 *   <li>{@code cosine t_max=N [eta_min=0]}</li>
 * </ul>
 * and {@code warmup=N} wrapping any of them in a linear warm-up of N steps starting at factor
 * {@code warmup_start_factor} (default 1/3, PyTorch LinearLR's). Sizes count optimizer steps.
 */
public final class LrSchedules {
    /** Every kind, for messages and the config's {@code schedule.type}. */
    public static final List<String> KINDS = List.of("constant", "step", "exponential", "cosine");

    private LrSchedules() {}

    /** Parses a line written by {@link LrSchedule#toText()}; {@code where} names it in errors. */
    public static LrSchedule parse(String where, String line) {
        SpecFields.Line l = SpecFields.line(where, line);
        return read(l.kind(), l.fields());
    }

    /** The schedule of {@code kind} with the given fields; unknown keys are errors. */
    public static LrSchedule read(String kind, SpecFields f) {
        LrSchedule s;
        try {
            s = withWarmup(base(kind, f), f);
        } catch (SpecException e) {
            throw e.getMessage().startsWith(f.source()) ? e : new SpecException(f.where() + ": " + e.getMessage());
        }
        f.finish();
        return s;
    }

    private static LrSchedule base(String kind, SpecFields f) {
        double big = Double.MAX_VALUE;
        return switch (kind) {
            case "constant" -> new LrSchedule.Constant();
            case "step" -> new LrSchedule.StepDecay(f.integer("step_size", 1), f.number("gamma", 0, big, 0.1));
            case "exponential" ->
                new LrSchedule.Exponential(required(f, "gamma", f.number("gamma", 0, big, Double.NaN)));
            case "cosine" -> new LrSchedule.Cosine(f.integer("t_max", 1), f.number("eta_min", 0, big, 0));
            default ->
                throw new SpecException(
                        f.where() + ": unknown lr schedule '" + kind + "' (one of " + String.join(", ", KINDS) + ")");
        };
    }

    private static LrSchedule withWarmup(LrSchedule s, SpecFields f) {
        int steps = f.integer("warmup", 0, 0);
        if (steps == 0) {
            return s;
        }
        return new LrSchedule.Warmup(steps, f.number("warmup_start_factor", Double.MIN_VALUE, 1, 1.0 / 3), s);
    }

    private static double required(SpecFields f, String key, double v) {
        if (Double.isNaN(v)) {
            throw f.missing(key);
        }
        return v;
    }
}
