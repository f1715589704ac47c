package io.sparknn.jobs;

import io.sparknn.engine.SparknnException;
import io.sparknn.trainer.config.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Command-line arguments: positional ones, and {@code --name value} / {@code --flag} options from a known set. */
final class JobArgs {
    final List<String> positional = new ArrayList<>();
    final Map<String, String> options = new HashMap<>();

    /** Thrown for an unknown option or a missing value; the job prints its usage and exits with {@link ExitCode#USAGE}. */
    static final class UsageException extends SparknnException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(Kind.USAGE, message);
        }
    }

    static JobArgs parse(String[] args, Set<String> valued, Set<String> flags) {
        JobArgs a = new JobArgs();
        for (int i = 0; i < args.length; i++) {
            String s = args[i];
            if (valued.contains(s)) {
                if (i + 1 >= args.length) {
                    throw new UsageException("option " + s + " needs a value");
                }
                a.options.put(s, args[++i]);
            } else if (flags.contains(s)) {
                a.options.put(s, "true");
            } else if (s.startsWith("--")) {
                throw new UsageException("unknown option " + s);
            } else {
                a.positional.add(s);
            }
        }
        return a;
    }

    String option(String name, String otherwise) {
        return options.getOrDefault(name, otherwise);
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    /** A number option; a value that is not one is a config error (exit 3), as a bad key in the config is. */
    double real(String name, String otherwise) {
        return parsed(name, otherwise, Double::parseDouble, "a number");
    }

    /** A whole-number option; a value that is not one is a config error. */
    int whole(String name, String otherwise) {
        return parsed(name, otherwise, Integer::parseInt, "a whole number");
    }

    /** An output directory option: {@code job}'s config error when it is given empty. */
    String outDir(String job, String otherwise) {
        String out = option("--out", otherwise);
        if (out.isBlank()) {
            throw new ConfigException(job + ": --out must not be empty");
        }
        return out;
    }

    /** The option's value as {@code parse} reads it; a value it refuses is a config error saying what was wanted. */
    private <T> T parsed(String name, String otherwise, Function<String, T> parse, String what) {
        String v = option(name, otherwise);
        try {
            return parse.apply(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be " + what + ", got '" + v + "'");
        }
    }
}
