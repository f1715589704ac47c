package io.sparknn.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.kernel.Blas;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.sequence.TextSplit;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * What a char-lm run checks before it continues from a checkpoint ({@link CharLmTraining}): that
 * the settings which change what is computed are those the checkpoint was written with, that the
 * checkpoint's parameters and optimizer state fit the network this config and text build, and
 * whether the BLAS and thread counts the bitwise promise depends on are the same.
 */
final class CharLmResume {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Keys that may change on resume besides those {@link ConfigDifference} ignores: scoring the
     * validation text more or less often changes the metrics lines, never the weights.
     */
    private static final List<String> IGNORED = List.of("training.evaluate_every");
    /** Characters named one by one in a refusal; beyond them only how many more. */
    private static final int LISTED = 5;

    private CharLmResume() {
    }

    /**
     * The checkpoint to continue from, once its config matches (or {@code allowConfigChange});
     * warns when BLAS or thread counts differ.
     *
     * @throws ResumeRefusedException without a checkpoint, or naming the first changed key with both values
     */
    static Checkpoint checkConfig(Checkpoint c, CharLmTraining.Settings s, boolean allowConfigChange, Path dir,
                                  PrintStream log) {
        if (c == null) {
            throw new ResumeRefusedException("refusing to resume " + dir + ": it has no committed checkpoint");
        }
        String before = normalized(c.config());
        String now = s.resolved();
        List<String> changed = changedKeys(before, now);
        if (!changed.isEmpty()) {
            String what = change(changed.get(0), before, now)
                    + (changed.size() > 1 ? " (also " + String.join(", ", changed.subList(1, changed.size())) + ")" : "");
            if (!allowConfigChange) {
                throw new ResumeRefusedException("refusing to resume " + dir + ": " + s.configFile()
                        + " changed since its checkpoint: " + what + "; restore it, or pass --allow-config-change");
            }
            log.println("warning: resuming " + dir + " with a changed config (--allow-config-change): " + what
                    + "; the result is not the one the original config would have given");
        }
        String warning = ResumeWarning.of(c, Blas.implementationName(), Blas.openBlasThreads(), s.threadsPerTask(),
                "training.threads_per_task");
        if (warning != null) {
            log.println("warning: " + warning);
        }
        log.printf("resuming from step %d (epoch %d, step %d of the epoch)%n", c.globalStep(), c.epoch() + 1,
                c.stepInEpoch() + 1);
        return c;
    }

    /** The changed keys that matter, sorted (the order in which they are reported). */
    static List<String> changedKeys(String before, String now) {
        List<String> changed = new ArrayList<>(ConfigDifference.changedKeys(before, now));
        changed.removeAll(IGNORED);
        return changed;
    }

    /**
     * A checkpoint's config with every default filled in: checkpoints of older versions hold the
     * config as written, which would otherwise differ in every key left to its default. One this
     * version cannot read is compared as it is.
     */
    static String normalized(String config) {
        try {
            return CharLmTraining.Settings.parse("the checkpoint's config", config).resolved();
        } catch (RuntimeException e) {
            return config;
        }
    }

    /** "training.epochs was 2, now 3" (JSON values; "absent" for a key one side lacks). */
    static String change(String key, String before, String now) {
        if (key.startsWith("(")) { // ConfigDifference's note that the checkpoint's config is unreadable
            return key;
        }
        String pointer = "/" + key.replace("~", "~0").replace("/", "~1").replace('.', '/');
        return key + " was " + value(before, pointer) + ", now " + value(now, pointer);
    }

    private static String value(String json, String pointer) {
        try {
            JsonNode n = JSON.readTree(json).at(pointer);
            return n.isMissingNode() ? "absent" : n.toString();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /**
     * Refuses, whatever {@code --allow-config-change} says, a checkpoint whose model cannot
     * continue here: a text with another character set than the run's (its ids would mean other
     * characters), another network, or another optimizer's state.
     *
     * @param previousVocabulary the code points of the run directory's {@code vocabulary.json}, or null
     */
    static void checkFits(Checkpoint c, CharLmTraining.Settings s, TextSplit split, int[] previousVocabulary,
                          NetworkSpec spec, Path dir) {
        String refused = "refusing to resume " + dir + ": ";
        if (previousVocabulary != null && !Arrays.equals(previousVocabulary, split.vocabulary().codePoints())) {
            throw new ResumeRefusedException(refused + "the text " + s.text() + " has another character set than the run's "
                    + CharLmTraining.VOCABULARY + " (" + vocabularyDifference(previousVocabulary, split)
                    + "); a model of one cannot continue on the other: use a new output directory");
        }
        Model m = c.model();
        String[] was = m.spec().toText().split("\n");
        String[] is = spec.toText().split("\n");
        // line 0 is the input (the window), which the parameters do not depend on
        for (int i = 1; i < Math.max(was.length, is.length); i++) {
            String a = i < was.length ? was[i] : "(none)";
            String b = i < is.length ? is[i] : "(none)";
            if (!a.equals(b)) {
                throw new ResumeRefusedException(refused + "its checkpoint's network differs from the one " + s.configFile()
                        + " and the text give at line " + (i + 1) + ": '" + a + "' in the checkpoint, '" + b
                        + "' now; its parameters cannot continue there: restore the network, or use a new output directory");
            }
        }
        if (m.optimizer() != null && m.optimizer().kind() != s.optimizer().kind()) {
            throw new ResumeRefusedException(refused + "its checkpoint holds the optimizer state of " + m.optimizer().kind().text()
                    + ", " + s.configFile() + " asks for " + s.optimizer().kind().text()
                    + "; restore optimizer.type, or use a new output directory");
        }
    }

    /**
     * The characters one vocabulary has and the other lacks, e.g. "U+007A 'z' added, U+0041 'A'
     * gone", and why when every added one occurs only in the held-out tail: runs of older versions
     * built the vocabulary from the training part alone.
     */
    static String vocabularyDifference(int[] before, TextSplit now) {
        Set<Integer> was = new HashSet<>();
        for (int cp : before) {
            was.add(cp);
        }
        List<Integer> added = new ArrayList<>();
        for (int cp : now.vocabulary().codePoints()) {
            if (!was.contains(cp)) {
                added.add(cp);
            }
        }
        List<Integer> gone = new ArrayList<>();
        for (int cp : before) {
            if (now.vocabulary().id(cp) < 0) {
                gone.add(cp);
            }
        }
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add(listed(added) + " added");
        }
        if (!gone.isEmpty()) {
            parts.add(listed(gone) + " gone");
        }
        if (parts.isEmpty()) {
            return "the same characters in another order";
        }
        Set<Integer> tailOnly = new HashSet<>();
        for (int cp : now.validationOnly()) {
            tailOnly.add(cp);
        }
        String why = !added.isEmpty() && tailOnly.containsAll(added)
                ? (added.size() == 1 ? "; it occurs" : "; they occur") + " only in the held-out tail, which runs of "
                        + "older versions left out of the vocabulary" : "";
        return String.join(", ", parts) + why;
    }

    /** "U+007A 'z'", "U+0041 'A' and U+007A 'z'", or the first few and how many more. */
    private static String listed(List<Integer> codePoints) {
        int shown = Math.min(codePoints.size(), LISTED);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            names.add(describe(codePoints.get(i)));
        }
        String more = codePoints.size() > shown ? " and " + (codePoints.size() - shown) + " more" : "";
        if (more.isEmpty() && shown > 1) {
            return String.join(", ", names.subList(0, shown - 1)) + " and " + names.get(shown - 1);
        }
        return String.join(", ", names) + more;
    }

    private static String describe(int cp) {
        String shown = Character.isISOControl(cp) || Character.isWhitespace(cp) ? "" : " '" + Character.toString(cp) + "'";
        return String.format("U+%04X", cp) + shown;
    }

    /**
     * The stream state to continue with: the checkpoint's, or none (zero state) when it holds the
     * state of other streams, which only a resume under {@code --allow-config-change} with another
     * batch size meets.
     */
    static double[] streamState(Checkpoint c, StatefulGradientSource source, PrintStream log) {
        double[] saved = c.streamState();
        if (saved != null && saved.length != source.state().length) {
            log.printf("warning: the checkpoint carries the state of other streams (%d values, the run has %d): the "
                    + "streams start from a zero state%n", saved.length, source.state().length);
            return null;
        }
        return saved;
    }
}
