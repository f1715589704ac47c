package io.sparknn.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --key value} options of the benchmark commands. Unknown keys are an error, so a typo in
 * a benchmark command does not silently measure the default.
 */
final class BenchArgs {
    /** Where the MNIST IDX files are read from unless {@code --data} says otherwise: relative to the working directory (the repository root), as bin/sparknn-bench and the README say. */
    static final String DEFAULT_DATA = "../shared/data/mnist";

    private final Map<String, String> values = new HashMap<>();

    /** {@code allowed}: the option names without their dashes, space-separated as in a usage line. */
    BenchArgs(String[] args, String allowed) {
        List<String> names = List.of(allowed.split(" "));
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --key value, got '" + args[i] + "'");
            }
            String key = args[i].substring(2);
            if (!names.contains(key) && !key.equals("data")) {
                throw new IllegalArgumentException(
                        "unknown option --" + key + " (one of --data, --" + String.join(", --", names) + ")");
            }
            values.put(key, args[++i]);
        }
    }

    String data() {
        return values.getOrDefault("data", DEFAULT_DATA);
    }

    String string(String key, String def) {
        return values.getOrDefault(key, def);
    }

    int integer(String key, int def) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : def;
    }

    double number(String key, double def) {
        return values.containsKey(key) ? Double.parseDouble(values.get(key)) : def;
    }

    /** A comma-separated list of ints, e.g. {@code 256,1024}. */
    int[] integers(String key, String def) {
        String[] parts = values.getOrDefault(key, def).split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
        }
        return out;
    }
}
