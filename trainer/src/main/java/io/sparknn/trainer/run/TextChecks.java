package io.sparknn.trainer.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.trainer.checkpoint.RunDirectory;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.config.SequenceMode;
import io.sparknn.trainer.config.TextData;
import io.sparknn.trainer.data.DataException;
import io.sparknn.trainer.sequence.CharVocabulary;
import io.sparknn.trainer.sequence.TextSplit;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.Path;

/**
 * What a text run checks before it writes anything, whether the text was read on the driver or in
 * Spark's tasks: its spans hold the windows training and scoring need, and on a resume it has the
 * character set of the run directory's {@code vocabulary.json}.
 */
final class TextChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TextChecks() {}

    /**
     * The text cut into training and validation spans, checked to hold at least one window per
     * stream (stateful) or one window (sliding) for training and one window for validation:
     * a too short text is a data error naming the file, before anything is written.
     */
    static TextSplit split(String whole, JobConfig cfg) {
        TextData t = cfg.text();
        long total = whole.codePointCount(0, whole.length());
        TextSplit split = TextSplit.of(whole, t.train(), t.validationFraction());
        spans(cfg, total, split.train().length, split.validation().length);
        return split;
    }

    /** The spans of a text of {@code total} characters hold the windows training and scoring need. */
    static void spans(JobConfig cfg, long total, long train, long validation) {
        TextData t = cfg.text();
        int batch = cfg.training().batchSize();
        boolean stateful = t.mode() == SequenceMode.STATEFUL;
        long need = stateful ? (long) batch * t.window() + 1 : t.window() + 1;
        if (train < need) {
            throw DataException.of(
                    t.train(),
                    "the training span holds " + train + " characters (of "
                            + total + ", less the data.validation_fraction " + t.validationFraction()
                            + "), fewer than the " + need
                            + " that "
                            + (stateful ? batch + " streams (training.batch_size) of one window" : "one window")
                            + " of " + t.window() + " characters and its next character need");
        }
        if (validation < t.window() + 1) {
            throw DataException.of(
                    t.train(),
                    "the validation span holds " + validation
                            + " characters, fewer than one window of " + t.window() + " and its next character; raise "
                            + "data.validation_fraction or use a longer text");
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw DataException.of(
                    t.train(),
                    "holds " + total + " characters, more than the 2^31 a run's character offsets reach; "
                            + "set data.max_chars");
        }
    }

    /** The text has the character set of the run directory's {@code vocabulary.json} (when it has one). */
    static void vocabulary(RunDirectory out, TextData t, CharVocabulary vocabulary, int[] validationOnly)
            throws IOException {
        int[] before = previousVocabulary(out);
        if (before != null && !java.util.Arrays.equals(before, vocabulary.codePoints())) {
            throw new ResumeRefusedException("refusing to resume " + out.path() + ": the text " + t.train()
                    + " has another character set than the run's " + TextTask.VOCABULARY + " ("
                    + VocabularyDifference.of(before, vocabulary, validationOnly)
                    + "); a model of one cannot continue on the other: use a new "
                    + "output directory");
        }
    }

    /** The code points of the directory's {@code vocabulary.json}, or null when it has none (a run of an older version). */
    private static int[] previousVocabulary(RunDirectory out) throws IOException {
        Path p = out.file(TextTask.VOCABULARY);
        if (!out.fs().exists(p)) {
            return null;
        }
        JsonNode cps;
        try (InputStream in = out.fs().open(p)) {
            cps = JSON.readTree(in).path("code_points");
        } catch (JsonProcessingException e) {
            throw new ResumeRefusedException(
                    "refusing to resume " + out.path() + ": " + p + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ResumeRefusedException(
                    "refusing to resume " + out.path() + ": " + p + " cannot be read: " + e.getMessage());
        }
        int[] v = new int[cps.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = cps.get(i).asInt();
        }
        return v;
    }
}
