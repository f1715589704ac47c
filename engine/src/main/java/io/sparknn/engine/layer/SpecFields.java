package io.sparknn.engine.layer;

import io.sparknn.engine.init.Init;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The key/value fields of one layer, optimizer or schedule in a spec text line or a config file,
 * each a typed {@link SpecValue}, read once each by the type it must have: an integer key given
 * {@code 1.5}, {@code true} or the string {@code "16"} is an error. Every error names the source (a
 * file, a line of a model file), the key and the value as written: in a config the key's full dotted
 * path ({@code network.layers[2].kernel}, {@code optimizer.lr}), in a spec line the bare key.
 * {@link #finish()} rejects keys nobody asked for.
 */
public final class SpecFields {
    private final String source;
    private final String path;
    private final Map<String, SpecValue> values;
    private final Set<String> read = new LinkedHashSet<>();

    /** The fields of a spec line; {@code where} names it in errors and its keys are named bare. */
    public SpecFields(String where, Map<String, SpecValue> values) {
        this(where, "", values);
    }

    /**
     * The fields of the config object at dotted {@code path} ({@code optimizer}, {@code network.layers[0]})
     * in the file {@code source}: errors name {@code path.key}.
     */
    public SpecFields(String source, String path, Map<String, SpecValue> values) {
        this.source = source;
        this.path = path;
        this.values = new LinkedHashMap<>(values);
    }

    /** Parses {@code key=value key=value}, each value by {@link SpecValue#parse}. */
    public static SpecFields parse(String where, String text) {
        Map<String, SpecValue> m = new LinkedHashMap<>();
        for (String token : text.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new SpecException(where + ": expected key=value, got '" + token + "'");
            }
            m.put(token.substring(0, eq), SpecValue.parse(token.substring(eq + 1)));
        }
        return new SpecFields(where, m);
    }

    /** A spec line {@code kind key=value ...} split into its kind and fields. */
    public record Line(String kind, SpecFields fields) {}

    /** Splits {@code kind key=value ...}; {@code where} names it in errors. */
    public static Line line(String where, String text) {
        String t = text.trim();
        int sp = t.indexOf(' ');
        return new Line(sp < 0 ? t : t.substring(0, sp), parse(where, sp < 0 ? "" : t.substring(sp + 1)));
    }

    /** Every field as given, in its order (read or not). */
    public Map<String, SpecValue> values() {
        return Collections.unmodifiableMap(values);
    }

    /** The file or line the fields come from: the start of every message about them. */
    public String source() {
        return source;
    }

    /** The source and, in a config, the object's path: the start of a message about the whole spec. */
    public String where() {
        return path.isEmpty() ? source : source + ": " + path;
    }

    /** The name of a key in messages: its full dotted path in a config. */
    public String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** "source: key 'path.name' message". */
    public SpecException error(String name, String message) {
        return new SpecException(source + ": key '" + key(name) + "' " + message);
    }

    private SpecValue raw(String key) {
        read.add(key);
        return values.get(key);
    }

    private SpecException wrong(String key, SpecValue value, String expected) {
        return error(key, "must be " + expected + ", got " + value.shown());
    }

    /** A required integer of at least {@code min}. */
    public int integer(String key, int min) {
        SpecValue v = raw(key);
        if (v == null) {
            throw missing(key);
        }
        return checkedInt(key, v, min);
    }

    /** An optional integer of at least {@code min}. */
    public int integer(String key, int min, int otherwise) {
        SpecValue v = raw(key);
        return v == null ? otherwise : checkedInt(key, v, min);
    }

    /** {@code v} as an int of at least {@code min}. */
    private int checkedInt(String key, SpecValue v, int min) {
        if (!(v instanceof SpecValue.Int i)) {
            throw wrong(key, v, "an integer");
        }
        if (i.value() < min) {
            throw wrong(key, v, "an integer >= " + min);
        }
        if (i.value() > Integer.MAX_VALUE) {
            throw wrong(key, v, "an integer in [" + min + ", " + Integer.MAX_VALUE + "]");
        }
        return (int) i.value();
    }

    /** An optional number in {@code [min, max]}: an integer or a real. */
    public double number(String key, double min, double max, double otherwise) {
        SpecValue v = raw(key);
        if (v == null) {
            return otherwise;
        }
        double d;
        if (v instanceof SpecValue.Real r) {
            d = r.value();
        } else if (v instanceof SpecValue.Int i) {
            d = i.value();
        } else {
            throw wrong(key, v, "a number");
        }
        if (!(d >= min && d <= max)) {
            throw wrong(key, v, ValueRange.of(min, max));
        }
        return d;
    }

    /** An optional boolean ({@code true} or {@code false}). */
    public boolean flag(String key, boolean otherwise) {
        SpecValue v = raw(key);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof SpecValue.Bool b) {
            return b.value();
        }
        throw wrong(key, v, "true or false");
    }

    /**
     * An optional pair such as a kernel size: an integer {@code 5} means 5×5; two sizes,
     * {@code [3, 2]} in a config and {@code 3x2} in a spec line, mean 3 high, 2 wide.
     */
    public int[] pair(String key, int min, int[] otherwise) {
        SpecValue v = raw(key);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof SpecValue.Int) {
            int a = checkedInt(key, v, min);
            return new int[] {a, a};
        }
        if (v instanceof SpecValue.Sizes s && s.values().size() == 2) {
            // a size below min is shown alone, as when given as an integer
            return new int[] {
                checkedInt(key, SpecValue.integer(s.values().get(0)), min),
                checkedInt(key, SpecValue.integer(s.values().get(1)), min)
            };
        }
        throw wrong(key, v, "an integer or " + (path.isEmpty() ? "HxW" : "a list [height, width]"));
    }

    /**
     * An optional choice, given as one of the names {@code allowed} lists; {@code otherwise} when
     * absent. Another value is an error listing the names.
     */
    public String choice(String key, List<String> allowed, String otherwise) {
        SpecValue v = raw(key);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof SpecValue.Name n) || !allowed.contains(n.value())) {
            throw wrong(key, v, "one of " + String.join(", ", allowed));
        }
        return n.value();
    }

    /** An optional initialisation scheme, by its name. */
    public Init init(String key, Init otherwise) {
        SpecValue v = raw(key);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof SpecValue.Name n)) {
            throw wrong(key, v, "the name of an initialisation");
        }
        try {
            return Init.parse(n.value());
        } catch (IllegalArgumentException e) {
            throw new SpecException(source + ": key '" + key(key) + "': " + e.getMessage());
        }
    }

    /** A missing key, naming a given key that looks like a misspelling of it. */
    public SpecException missing(String key) {
        String near = values.keySet().stream()
                .filter(k -> !read.contains(k) && distance(k, key) <= 2)
                .findFirst()
                .orElse(null);
        return new SpecException(source + ": missing key '" + key(key) + "'"
                + (near == null ? "" : " (unknown key '" + key(near) + "' given)"));
    }

    /** Edit distance (insertions, deletions, substitutions) between two short keys. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Rejects any key that was not read: a typo must not be silently ignored. */
    public void finish() {
        for (String k : values.keySet()) {
            if (!read.contains(k)) {
                throw new SpecException(source + ": unknown key '" + key(k) + "'");
            }
        }
    }
}
