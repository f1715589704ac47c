package io.sparknn.trainer.data;

import java.util.regex.Pattern;

/**
 * Parsing of single values of text formats. Failures are {@link NumberFormatException}s whose
 * message states the problem; the caller prefixes where it happened.
 */
final class Values {
    /** NaN and the infinities as Java, NumPy, pandas and R write them. */
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");

    private Values() {}

    /**
     * A finite float from {@code s[from, to)}, surrounding blanks ignored; a decimal number with an
     * optional exponent ({@code -1.5e-3}), not Java's suffixes or hex. NaN, infinities and values
     * beyond the float range are refused: they would poison every gradient they touch.
     */
    static float finiteFloat(String s, int from, int to) {
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        if (from == to) {
            throw new NumberFormatException("empty value");
        }
        float small = smallInteger(s, from, to);
        if (!Float.isNaN(small)) {
            return small;
        }
        String text = s.substring(from, to);
        if (!decimalCharacters(s, from, to)) {
            // parseFloat would also take Java's 5d, 6.5f and 0x1p3: in a data file those are typos
            throw new NumberFormatException(
                    "'" + text + "' is not " + (NON_FINITE.matcher(text).matches() ? "a finite number" : "a number"));
        }
        float value;
        try {
            value = Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + text + "' is not a number");
        }
        if (!Float.isFinite(value)) {
            throw new NumberFormatException("'" + text + "' is not a finite number");
        }
        return value;
    }

    /** Only what a decimal number is written with: digits, sign, point, exponent; parseFloat checks the order. */
    private static boolean decimalCharacters(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The exact value of a plain integer of at most 9 digits (the common case in pixel CSVs),
     * without allocating; NaN when the text is anything else. Exact: such integers convert to
     * the same float as parseFloat gives.
     */
    private static float smallInteger(String s, int from, int to) {
        boolean negative = s.charAt(from) == '-';
        int i = negative || s.charAt(from) == '+' ? from + 1 : from;
        if (i == to || to - i > 9) {
            return Float.NaN;
        }
        int value = 0;
        for (; i < to; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return Float.NaN;
            }
            value = value * 10 + digit;
        }
        return negative ? -(float) value : value;
    }

    /**
     * A class index: a non-negative integer, also written with a zero fraction ({@code 3.0},
     * as pandas writes integer columns that once held a missing value).
     */
    static int classIndex(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new NumberFormatException("empty label");
        }
        double value;
        try {
            value = decimalCharacters(t, 0, t.length()) ? Double.parseDouble(t) : Double.NaN;
        } catch (NumberFormatException e) {
            throw new NumberFormatException("label '" + t + "' is not an integer class index");
        }
        if (value != Math.rint(value) || Double.isInfinite(value)) {
            throw new NumberFormatException("label '" + t + "' is not an integer class index");
        }
        if (value < 0) {
            throw new NumberFormatException("label " + t + " is negative: class labels are indices 0, 1, 2, ...");
        }
        if (value > Integer.MAX_VALUE) {
            throw new NumberFormatException("label " + t + " is too large for a class index");
        }
        return (int) value;
    }
}
