package io.sparknn.engine.layer;

import java.math.BigDecimal;

/**
 * The range a number key allows, in the words an error shows after "must be": {@code in [0, 0.9]},
 * {@code in (0, 1]}, {@code a finite number >= 0}. An upper bound of {@link Double#MAX_VALUE}
 * only says "finite", so it is written that way rather than as {@code 1.7976931348623157E308};
 * a lower bound of {@link Double#MIN_VALUE} only says "above 0".
 */
public final class ValueRange {
    private ValueRange() {}

    /** The range {@code [min, max]} of a double key, in plain words. */
    public static String of(double min, double max) {
        boolean aboveZero = min == Double.MIN_VALUE;
        if (max == Double.MAX_VALUE) {
            return "a finite number " + (aboveZero ? "> 0" : ">= " + plain(min));
        }
        return "in " + (aboveZero ? "(0" : "[" + plain(min)) + ", " + plain(max) + "]";
    }

    /** A bound as decimal digits: 0.9 and 1, never 0.9000 or 1.0E-5. */
    public static String plain(double bound) {
        return BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }
}
