package io.sparknn.engine.fuzz;

import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The tries and seed of every fuzz property ({@code @AddLifecycleHook(FuzzSettings.class)} on the
 * test class): {@link ReaderProperty#TRIES} inputs per property from the fixed {@link #SEED} in CI,
 * so a run repeats exactly; {@code -Dsparknn.fuzz.tries=100000} for the longer run (README,
 * "Fuzzing"), which with the same seed starts with CI's inputs and goes on, and
 * {@code -Dsparknn.fuzz.seed=...} for other inputs (jqwik prints the seed of a failing run).
 */
public final class FuzzSettings implements AroundPropertyHook {
    /** The seed CI runs with. */
    public static final String SEED = "2026";

    /** On the test class, for its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.DIRECT_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        if (context.targetMethod().isAnnotationPresent(Example.class)) {
            return property.execute(); // a regression case: one try, as written
        }
        context.attributes().setTries(Integer.getInteger("sparknn.fuzz.tries", ReaderProperty.TRIES));
        context.attributes().setSeed(System.getProperty("sparknn.fuzz.seed", SEED));
        return property.execute();
    }
}
