package io.sparknn.engine.layer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One field value of a layer, optimizer or schedule spec, typed as a config's JSON gives it: an
 * integer, a real number, a boolean, a name or a list of sizes. {@link SpecFields} reads each key
 * by the type it needs, so {@code 1.5} or the string {@code "16"} is not an integer; a spec writes
 * its fields as these values ({@link #line}), and the trainer writes them to JSON as their type.
 *
 * <p>Two texts: {@link #shown()} is the value as written, for messages ({@code 1e-9}, a name in
 * quotes); {@link #lineText()} is the form of a spec line ({@code kind key=value ...}, the grammar of
 * model files), which {@link #parse} reads back to an equal value.
 */
public sealed interface SpecValue {

    /**
     * The value as written where it came from, for messages: a name in single quotes; by default
     * its {@link #lineText}.
     */
    default String shown() {
        return lineText();
    }

    /** The value in a spec line: what {@link #parse} reads back. */
    String lineText();

    /** A value that keeps the text it was written as (a number, sizes), and shows that text. */
    sealed interface Written extends SpecValue {
        /** How the value was written. */
        String text();

        @Override
        default String shown() {
            return text();
        }
    }

    /**
     * An integer; {@code text} is how it was written. An integer beyond a long's range is a
     * {@link Real} (no key takes one as an integer).
     */
    record Int(long value, String text) implements Written {
        @Override
        public String lineText() {
            return Long.toString(value);
        }
    }

    /** A number that is not written as an integer ({@code 0.5}, {@code 1e-9}); {@code text} is how it was written. */
    record Real(double value, String text) implements Written {
        /** {@link Double#toString}: the text model files have always held. */
        @Override
        public String lineText() {
            return Double.toString(value);
        }
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements SpecValue {
        @Override
        public String lineText() {
            return Boolean.toString(value);
        }
    }

    /** A name (an initialisation scheme), or any string a config gives. */
    record Name(String value) implements SpecValue {
        @Override
        public String shown() {
            return "'" + value + "'";
        }

        @Override
        public String lineText() {
            return value;
        }
    }

    /**
     * A list of integer sizes ({@code [3, 2]} in a config, {@code 3x2} in a spec line); {@code text}
     * is how it was written.
     */
    record Sizes(List<Integer> values, String text) implements Written {
        public Sizes {
            values = List.copyOf(values);
        }

        @Override
        public String lineText() {
            StringJoiner j = new StringJoiner("x");
            values.forEach(v -> j.add(Integer.toString(v)));
            return j.toString();
        }
    }

    static SpecValue integer(long value) {
        return new Int(value, Long.toString(value));
    }

    static SpecValue real(double value) {
        return new Real(value, Double.toString(value));
    }

    static SpecValue bool(boolean value) {
        return new Bool(value);
    }

    static SpecValue name(String value) {
        return new Name(value);
    }

    /** Sizes written {@code 3x2}. */
    static SpecValue sizes(int... values) {
        List<Integer> l = new ArrayList<>();
        StringJoiner text = new StringJoiner("x");
        for (int v : values) {
            l.add(v);
            text.add(Integer.toString(v));
        }
        return new Sizes(l, text.toString());
    }

    /**
     * A value of a spec line, by the grammar of model files: {@code true} / {@code false}, an
     * integer ({@code 12}, {@code -3}), sizes ({@code 3x2}), a number Java reads ({@code 0.01},
     * {@code 1.0E-8}, {@code NaN}), and anything else a name.
     */
    static SpecValue parse(String token) {
        if (token.equals("true") || token.equals("false")) {
            return new Bool(Boolean.parseBoolean(token));
        }
        if (token.matches("[-+]?\\d+")) {
            try {
                return new Int(Long.parseLong(token), token);
            } catch (NumberFormatException e) {
                return new Real(Double.parseDouble(token), token);
            }
        }
        if (token.matches("[-+]?\\d+(x[-+]?\\d+)+")) {
            List<Integer> l = new ArrayList<>();
            for (String part : token.split("x")) {
                try {
                    l.add(Integer.parseInt(part));
                } catch (NumberFormatException e) {
                    return new Name(token);
                }
            }
            return new Sizes(l, token);
        }
        try {
            return new Real(Double.parseDouble(token), token);
        } catch (NumberFormatException e) {
            return new Name(token);
        }
    }

    /** The fields of a two-field spec, {@code key1} first (a spec line keeps that order). */
    static Map<String, SpecValue> fields(String key1, SpecValue value1, String key2, SpecValue value2) {
        Map<String, SpecValue> f = new LinkedHashMap<>();
        f.put(key1, value1);
        f.put(key2, value2);
        return f;
    }

    /** The spec line {@code kind key=value ...} of these fields, in their order. */
    static String line(String kind, Map<String, SpecValue> fields) {
        StringBuilder b = new StringBuilder(kind);
        fields.forEach((k, v) -> b.append(' ').append(k).append('=').append(v.lineText()));
        return b.toString();
    }
}
