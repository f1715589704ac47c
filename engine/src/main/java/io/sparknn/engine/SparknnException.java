package io.sparknn.engine;

/**
 * The root of every error this project raises on purpose. Each says its {@link Kind}: whose
 * mistake it is and so which documented exit code a job ends with. The jobs find the first one in
 * a cause chain (errors raised in Spark tasks arrive wrapped), so neither a list of exception types
 * nor the text of a message decides an exit code. Anything else is an unexpected failure: a bug,
 * or Spark itself failing.
 *
 * <p>Unchecked: it travels through Spark tasks, readers and listeners unchanged. Real I/O failures
 * (a stream that cannot be read) stay {@link java.io.IOException}s.
 */
public abstract class SparknnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * What went wrong, with the process exit code the jobs document for it (README, "Exit codes").
     * A scheduler can tell a bad config from bad data from a diverged run without reading logs.
     */
    public enum Kind {
        /** Wrong command-line arguments. */
        USAGE(2),
        /**
         * The config is malformed, has an unknown key, a wrong type or an out-of-range value, the
         * network does not fit, or a setting cannot work in training (batch norm with one example in
         * a shard).
         */
        BAD_CONFIG(3),
        /** The data is missing or malformed (file and line named), or does not fit the network. */
        BAD_DATA(4),
        /** The loss or a parameter became NaN or infinite; the last good checkpoint is kept. */
        DIVERGED(5),
        /**
         * The output directory holds a run that the chosen output.mode does not allow to touch, its
         * checkpoint cannot be continued from, or it is or lies below a regular file.
         */
        OUTPUT_REFUSED(6),
        /** A model file is missing, truncated, corrupt or from a newer format version. */
        BAD_MODEL(7);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        /** The process exit code a job ends with for this kind of failure. */
        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    protected SparknnException(Kind kind, String message) {
        this(kind, message, null);
    }

    /**
     * {@code message} as it is shown: on one line, since a job prints it as its one line on stderr.
     * Messages quote what they read (a value of a data file, a key or value of a config, a model
     * file's spec text, a file's name), and those may hold line breaks and other control
     * characters: each is written as an escape ({@code \n}, {@code \r}, or a backslash, {@code u}
     * and four hex digits, as Java writes them), a tab as it is.
     */
    protected SparknnException(Kind kind, String message, Throwable cause) {
        super(oneLine(message), cause);
        this.kind = kind;
    }

    /** {@code text} with line breaks and control characters but the tab written as escapes. */
    static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escape = c != '\t' && Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (escape && b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (b != null) {
                if (!escape) {
                    b.append(c);
                } else if (c == '\n') {
                    b.append("\\n");
                } else if (c == '\r') {
                    b.append("\\r");
                } else {
                    b.append(String.format("\\u%04X", (int) c));
                }
            }
        }
        return b == null ? text : b.toString();
    }

    public final Kind kind() {
        return kind;
    }
}
