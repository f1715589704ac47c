package io.sparknn.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.trainer.sequence.CharVocabulary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * {@code bin/sparknn sample <run dir> [--length N] [--temperature T] [--seed S] [--prompt TEXT]}:
 * generates text from a character-level model ({@code model.bin} and {@code vocabulary.json}).
 * The model runs one character at a time with its LSTM state carried (the same weights as the
 * trained window, whose length does not enter the parameters); the prompt is fed first (default: a
 * newline, or id 0 when the vocabulary has none) and every next character is drawn from
 * softmax(logits / temperature); temperature 0 takes the most likely one. The output is the prompt
 * followed by the generated characters.
 */
public final class Sample {
    static final String USAGE = "usage: sample <run dir> [--length N] [--temperature T] [--seed S] [--prompt TEXT]";

    private Sample() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length % 2 != 1) {
            err.println("sample: " + USAGE);
            return ExitCode.USAGE.code();
        }
        int length = 500;
        double temperature = 1.0;
        long seed = 1;
        String prompt = null;
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--length" -> length = Integer.parseInt(args[i + 1]);
                case "--temperature" -> temperature = Double.parseDouble(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--prompt" -> prompt = args[i + 1];
                default -> {
                    err.println("sample: unknown option " + args[i] + "\n" + USAGE);
                    return ExitCode.USAGE.code();
                }
            }
        }
        try {
            Path dir = Path.of(args[0]);
            Model m = ModelFile.load(dir.resolve("model.bin"));
            JsonNode v = new ObjectMapper().readTree(dir.resolve("vocabulary.json").toFile());
            int[] cps = new int[v.path("code_points").size()];
            for (int i = 0; i < cps.length; i++) {
                cps[i] = v.path("code_points").get(i).asInt();
            }
            CharVocabulary vocab = CharVocabulary.ofCodePoints(cps);
            if (prompt == null) {
                prompt = vocab.id('\n') >= 0 ? "\n" : new String(Character.toChars(vocab.codePoint(0)));
            }
            out.print(generate(m, vocab, prompt, length, temperature, seed));
            out.println();
            return ExitCode.OK.code();
        } catch (Exception e) {
            err.println("sample: " + e.getMessage());
            return ExitCode.FAILED.code();
        }
    }

    /** The prompt and {@code length} generated characters. */
    public static String generate(Model m, CharVocabulary vocab, String prompt, int length, double temperature, long seed) {
        NetworkSpec one = new NetworkSpec(Shape.of(1), m.spec().layers(), m.spec().loss());
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
