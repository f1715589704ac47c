package io.sparknn.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFileException;
import io.sparknn.trainer.sequence.CharVocabulary;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkUserAppException;

/**
 * {@code bin/sparknn sample <run dir> [--length N] [--temperature T] [--seed S] [--prompt TEXT]}:
 * generates text from a character-level model ({@code model.bin} and {@code vocabulary.json} of a
 * text run directory, on any Hadoop file system). The model runs one character at a time with
 * its LSTM state carried (the same weights as the trained window, whose length does not enter the
 * parameters); the prompt is fed first (default: a newline, or id 0 when the vocabulary has none)
 * and every next character is drawn from softmax(logits / temperature); temperature 0 takes the
 * most likely one. The same seed gives the same text. The output is the prompt followed by the
 * generated characters. A missing or inconsistent run file exits with the bad-model code naming
 * it; a prompt character the model never saw, with the bad-data code naming its byte offset.
 */
public final class Sample {
    static final String USAGE = "usage: sample <run dir> [--length N] [--temperature T] [--seed S] [--prompt TEXT]";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Sample() {}

    public static void main(String[] args) throws SparkUserAppException {
        JobExit.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, new Configuration());
    }

    /** The command line, checked. */
    record Options(String dir, int length, double temperature, long seed, String prompt) {
        static Options parse(String[] args) {
            JobArgs a = JobArgs.parse(args, Set.of("--length", "--temperature", "--seed", "--prompt"), Set.of());
            if (a.positional.size() != 1) {
                throw new JobArgs.UsageException("one run directory expected");
            }
            int length = (int) number("--length", a.option("--length", "500"), 0, Integer.MAX_VALUE);
            double temperature;
            try {
                temperature = Double.parseDouble(a.option("--temperature", "1"));
            } catch (NumberFormatException e) {
                temperature = Double.NaN;
            }
            if (!(temperature >= 0 && temperature < Double.POSITIVE_INFINITY)) {
                throw new JobArgs.UsageException(
                        "--temperature must be a number >= 0, got '" + a.option("--temperature", "") + "'");
            }
            long seed = number("--seed", a.option("--seed", "1"), Long.MIN_VALUE, Long.MAX_VALUE);
            String prompt = a.option("--prompt", null);
            if (prompt != null && prompt.isEmpty()) {
                throw new JobArgs.UsageException("--prompt must not be empty (leave it out for the default)");
            }
            return new Options(a.positional.get(0), length, temperature, seed, prompt);
        }

        private static long number(String name, String text, long min, long max) {
            long v;
            try {
                v = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new JobArgs.UsageException(name + " must be an integer, got '" + text + "'");
            }
            if (v < min || v > max) {
                throw new JobArgs.UsageException(name + " must be in [" + min + ", " + max + "], got " + v);
            }
            return v;
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err, Configuration hadoop) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (JobArgs.UsageException e) {
            err.println("sample: " + e.getMessage() + "\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        try {
            Path dir = new Path(o.dir());
            Model m = model(new Path(dir, "model.bin"), hadoop);
            CharVocabulary vocab = vocabulary(new Path(dir, "vocabulary.json"), hadoop, m);
            String prompt = o.prompt() != null
                    ? o.prompt()
                    : vocab.id('\n') >= 0 ? "\n" : new String(Character.toChars(vocab.codePoint(0)));
            out.print(generate(m, vocab, prompt, o.length(), o.temperature(), o.seed()));
            out.println();
            return ExitCode.OK.code();
        } catch (Exception e) {
            JobFailure.Classified c = JobFailure.classify(e);
            err.println("sample: " + c.message());
            return c.code().code();
        }
    }

    private static Model model(Path p, Configuration hadoop) throws IOException {
        if (!p.getFileSystem(hadoop).exists(p)) {
            throw new ModelFileException(p.toString(), "not found (a run on a text writes it when it finishes)");
        }
        return ModelFiles.load(p.toString(), hadoop);
    }

    /** The run's vocabulary; it must have one character per output of the model. */
    static CharVocabulary vocabulary(Path p, Configuration hadoop, Model m) throws IOException {
        String name = p.toString();
        FileSystem fs = p.getFileSystem(hadoop);
        JsonNode v;
        try (InputStream in = fs.open(p)) {
            v = JSON.readTree(in);
        } catch (FileNotFoundException e) {
            throw new ModelFileException(name, "not found (a run on a text writes it beside model.bin)");
        } catch (JsonProcessingException e) {
            throw new ModelFileException(name, "not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode list = v.path("code_points");
        if (!list.isArray() || list.isEmpty()) {
            throw new ModelFileException(name, "has no list 'code_points'");
        }
        int[] cps = new int[list.size()];
        for (int i = 0; i < cps.length; i++) {
            JsonNode cp = list.get(i);
            if (!cp.isIntegralNumber() || !Character.isValidCodePoint(cp.asInt()) || cp.asLong() != cp.asInt()) {
                throw new ModelFileException(name, "code_points[" + i + "] is not a Unicode code point: " + cp);
            }
            cps[i] = cp.asInt();
        }
        CharVocabulary vocab;
        try {
            vocab = CharVocabulary.ofCodePoints(cps);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(name, e.getMessage());
        }
        int outputs = m.spec().output().last();
        if (vocab.size() != outputs) {
            throw new ModelFileException(
                    name,
                    "has " + vocab.size() + " characters but the model beside it predicts " + outputs
                            + ": they are not from the same run");
        }
        return vocab;
    }

    /** The prompt and {@code length} generated characters. */
    public static String generate(
            Model m, CharVocabulary vocab, String prompt, int length, double temperature, long seed) {
        NetworkSpec one =
                new NetworkSpec(Shape.of(1), m.spec().layers(), m.spec().loss());
        StringBuilder text = new StringBuilder(prompt);
        int[] ids = vocab.encode(prompt, "prompt", 0);
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Network net = Network.of(one, Network.Options.of(m.precision(), 1), m.parameters(), m.buffers())) {
            Storage state = Storage.allocate(net.precision(), net.stateSize());
            Storage x = Storage.allocate(net.precision(), 1);
            double[] logits = null;
            for (int id : ids) {
                x.set(0, id);
                logits = net.predict(x, 1, state).toDoubles();
            }
            for (int i = 0; i < length; i++) {
                int next = draw(logits, temperature, rnd);
                text.appendCodePoint(vocab.codePoint(next));
                x.set(0, next);
                logits = net.predict(x, 1, state).toDoubles();
            }
        }
        return text.toString();
    }

    static int draw(double[] logits, double temperature, SplittableRandom rnd) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        if (temperature <= 0) {
            return best;
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp((logits[i] - logits[best]) / temperature);
            sum += p[i];
        }
        double u = rnd.nextDouble() * sum;
        for (int i = 0; i < p.length; i++) {
            u -= p[i];
            if (u < 0) {
                return i;
            }
        }
        return best;
    }
}
