package io.sparknn.trainer.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparknn.engine.layer.SpecFields;
import io.sparknn.engine.layer.SpecValue;
import io.sparknn.engine.layer.ValueRange;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One JSON object of a job config, read key by key with type and range checks. Every error names
 * the file and the key's full path ({@code training.batch_size}); {@link #finish()} rejects keys
 * nobody read, so a typo is an error instead of a silently ignored setting.
 */
public final class ConfigNode {
    private final String file;
    private final String path;
    private final JsonNode node;
    /** Each number's text as written, by dotted key: what an error shows. */
    private final Map<String, String> numbersAsWritten;

    private final Set<String> read = new LinkedHashSet<>();

    private ConfigNode(String file, String path, JsonNode node, Map<String, String> numbersAsWritten) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.numbersAsWritten = numbersAsWritten;
        if (!node.isObject()) {
            throw new ConfigException(
                    file + ": " + (path.isEmpty() ? "the config" : "key '" + path + "'") + " must be an object");
        }
    }

    /**
     * The top-level object of the JSON {@code text} read from {@code file}: a key given twice, NaN,
     * Infinity and a number beyond a double's range are errors naming the key, and errors show
     * numbers as written.
     */
    public static ConfigNode parse(String file, String text) {
        ConfigJson.Parsed parsed = ConfigJson.read(file, text);
        return new ConfigNode(file, "", parsed.root(), parsed.numbersAsWritten());
    }

    /** The object at dotted {@code path} of {@code file}, rebuilt from JSON (a text's network, sized per vocabulary). */
    static ConfigNode of(String file, String path, JsonNode node, Map<String, String> numbersAsWritten) {
        return new ConfigNode(file, path, node, numbersAsWritten);
    }

    /** This object as parsed, every key marked read: the caller reads a copy of it. */
    JsonNode takeAll() {
        node.fieldNames().forEachRemaining(read::add);
        return node;
    }

    Map<String, String> numbersAsWritten() {
        return numbersAsWritten;
    }

    private ConfigNode child(String childPath, JsonNode v) {
        return new ConfigNode(file, childPath, v, numbersAsWritten);
    }

    /** A value for a message: a number as written ({@code 1e-9}), anything else as JSON. */
    private String shown(String name, JsonNode v) {
        String written = numbersAsWritten.get(key(name));
        return written != null ? written : v.toString();
    }

    public String file() {
        return file;
    }

    /** This object's dotted path ({@code network.layers[0]}); empty for the top level. */
    public String path() {
        return path;
    }

    /** The full path of a key of this object. */
    public String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** "file: key 'a.b'", the prefix of every message about that key. */
    public String where(String name) {
        return file + ": key '" + key(name) + "'";
    }

    ConfigException error(String name, String message) {
        return new ConfigException(where(name) + " " + message);
    }

    /** The value, or null when absent; an explicit null is an error rather than a silent default. */
    private JsonNode get(String name) {
        read.add(name);
        JsonNode v = node.get(name);
        if (v != null && v.isNull()) {
            throw error(name, "is null: give a value, or leave the key out for the default");
        }
        return v;
    }

    public boolean has(String name) {
        JsonNode v = node.get(name);
        if (v != null && v.isNull()) {
            throw error(name, "is null: give a value, or leave the key out for the default");
        }
        return v != null;
    }

    public ConfigNode object(String name) {
        JsonNode v = get(name);
        if (v == null) {
            throw error(name, "is missing");
        }
        if (!v.isObject()) {
            throw error(name, "must be an object, got " + shown(name, v));
        }
        return child(key(name), v);
    }

    /** An optional object; an empty one when absent, so its keys' defaults apply. */
    public ConfigNode objectOrEmpty(String name) {
        JsonNode v = get(name);
        if (v == null) {
            return child(key(name), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        if (!v.isObject()) {
            throw error(name, "must be an object, got " + shown(name, v));
        }
        return child(key(name), v);
    }

    public List<ConfigNode> objects(String name) {
        JsonNode v = get(name);
        if (v == null) {
            throw error(name, "is missing");
        }
        if (!v.isArray()) {
            throw error(name, "must be a list, got " + shown(name, v));
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(child(key(name) + "[" + i + "]", v.get(i)));
        }
        return out;
    }

    public String string(String name, String otherwise) {
        JsonNode v = get(name);
        if (v == null) {
            return otherwise;
        }
        if (!v.isTextual()) {
            throw error(name, "must be a string, got " + shown(name, v));
        }
        return v.asText();
    }

    public String requiredString(String name) {
        String s = string(name, null);
        if (s == null) {
            throw error(name, "is missing");
        }
        return s;
    }

    /** A required string that is not empty or blank (a path, a name). */
    public String requiredNonEmpty(String name) {
        String s = requiredString(name);
        if (s.isBlank()) {
            throw error(name, "must not be empty");
        }
        return s;
    }

    /** A string that must be one of {@code allowed}. */
    public String choice(String name, String otherwise, String... allowed) {
        String s = string(name, otherwise);
        if (s != null && !List.of(allowed).contains(s)) {
            throw error(name, "must be one of " + String.join(", ", allowed) + ", got '" + s + "'");
        }
        return s;
    }

    /**
     * One of {@code allowed}, written as its {@link ConfigChoice#text()}; {@code otherwise} when the
     * key is absent (null: required). The error lists the allowed texts.
     */
    @SafeVarargs
    public final <E extends Enum<E> & ConfigChoice> E choice(String name, E otherwise, E... allowed) {
        return choice(name, otherwise, ConfigChoice::text, allowed);
    }

    /** {@link #choice(String, Enum, Enum[])} for an enum of another module, written as {@code text} gives it. */
    @SafeVarargs
    public final <E extends Enum<E>> E choice(String name, E otherwise, Function<E, String> text, E... allowed) {
        String s = string(name, null);
        List<String> texts = new ArrayList<>();
        for (E e : allowed) {
            if (text.apply(e).equals(s)) {
                return e;
            }
            texts.add(text.apply(e));
        }
        if (s == null && otherwise != null) {
            return otherwise;
        }
        throw error(
                name,
                s == null
                        ? "is missing (one of " + String.join(", ", texts) + ")"
                        : "must be one of " + String.join(", ", texts) + ", got '" + s + "'");
    }

    public long integer(String name, long min, long max, long otherwise) {
        JsonNode v = get(name);
        if (v == null) {
            return otherwise;
        }
        if (!v.isIntegralNumber()) {
            throw error(name, "must be an integer, got " + shown(name, v));
        }
        // asLong() would wrap a value beyond the long range into one that may pass the check
        if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw error(name, "must be in [" + min + ", " + max + "], got " + shown(name, v));
        }
        long x = v.asLong();
        return x;
    }

    public int integer(String name, int min, int otherwise) {
        return (int) integer(name, min, Integer.MAX_VALUE, otherwise);
    }

    public double number(String name, double min, double max, double otherwise) {
        JsonNode v = get(name);
        if (v == null) {
            return otherwise;
        }
        if (!v.isNumber()) {
            throw error(name, "must be a number, got " + shown(name, v));
        }
        double x = v.asDouble();
        if (!(x >= min && x <= max)) {
            throw error(name, "must be " + ValueRange.of(min, max) + ", got " + shown(name, v));
        }
        return x;
    }

    public boolean flag(String name, boolean otherwise) {
        JsonNode v = get(name);
        if (v == null) {
            return otherwise;
        }
        if (!v.isBoolean()) {
            throw error(name, "must be true or false, got " + shown(name, v));
        }
        return v.asBoolean();
    }

    /** A list of integers, e.g. an input shape {@code [1, 28, 28]}. */
    public int[] integers(String name) {
        JsonNode v = get(name);
        if (v == null) {
            throw error(name, "is missing");
        }
        if (!v.isArray() || v.isEmpty()) {
            throw error(name, "must be a non-empty list of integers, got " + v);
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isIntegralNumber()
                    || !v.get(i).canConvertToLong()
                    || v.get(i).asLong() < 1
                    || v.get(i).asLong() > Integer.MAX_VALUE) {
                throw error(name, "must be a list of positive integers, got " + v);
            }
            out[i] = v.get(i).asInt();
        }
        return out;
    }

    /**
     * The fields of this object, except those named, as the typed values of a layer, optimizer or
     * schedule spec, by their JSON type: an integer, another number (its text as written, for
     * messages), a boolean, a string (a name), a list of integers (sizes). An explicit null and any
     * other value (an object, a list of anything else) are errors naming the key. The engine's
     * {@link SpecFields} then reads each key by the type it needs.
     */
    public Map<String, SpecValue> scalarsExcept(String... skip) {
        Map<String, SpecValue> out = new LinkedHashMap<>();
        Set<String> skipped = Set.of(skip);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (skipped.contains(e.getKey())) {
                continue;
            }
            read.add(e.getKey());
            out.put(e.getKey(), specValue(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The fields of this object but those named, for the engine's reader of a spec at this path. */
    public SpecFields specFields(String... skip) {
        return new SpecFields(file, path, scalarsExcept(skip));
    }

    private SpecValue specValue(String name, JsonNode v) {
        if (v.isNull()) {
            throw error(name, "is null: give a value, or leave the key out for the default");
        }
        if (v.isBoolean()) {
            return SpecValue.bool(v.asBoolean());
        }
        if (v.isNumber()) {
            // as written, so that an error shows 1e-9 rather than 1.0E-9
            String written = numbersAsWritten.getOrDefault(key(name), v.asText());
            // an integer beyond a long is no key's integer: a number, so that an integer key says so
            return v.isIntegralNumber() && v.canConvertToLong()
                    ? new SpecValue.Int(v.asLong(), written)
                    : new SpecValue.Real(v.asDouble(), written);
        }
        if (v.isTextual()) {
            return SpecValue.name(v.asText());
        }
        if (v.isArray()) {
            List<Integer> sizes = new ArrayList<>();
            for (JsonNode x : v) {
                if (!x.isIntegralNumber()) {
                    throw error(name, "must be a list of integers, got " + v);
                }
                if (!x.canConvertToInt()) {
                    throw error(
                            name,
                            "must be a list of integers in [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "], got "
                                    + v);
                }
                sizes.add(x.asInt());
            }
            return new SpecValue.Sizes(sizes, v.toString());
        }
        throw error(name, "must be a number, boolean, string or list, got " + v);
    }

    /** Rejects keys that were not read. */
    public void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!read.contains(k)) {
                throw new ConfigException(file + ": unknown key '" + key(k) + "'");
            }
        }
    }
}
