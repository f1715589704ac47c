package io.sparknn.trainer.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.kernel.Blas;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.config.ConfigException;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;

/**
 * What a run checks before it continues from a checkpoint: that the settings which change what is
 * computed are those the checkpoint was written with (or {@code --allow-config-change}), that the
 * checkpoint's parameters and optimizer state fit the network this config builds, and whether the
 * BLAS and thread counts the bitwise promise depends on are the same.
 */
final class ResumeCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Keys that may change on resume besides those {@link ConfigDifference} ignores: scoring the
     * validation data more or less often changes the metrics lines, never the weights; how the
     * gradients travel ({@code training.aggregation}) neither, as long as they are added in the same
     * order, which {@code training.aggregation_depth} (written beside it) records.
     */
    private static final List<String> IGNORED = List.of("training.evaluate_every", "training.aggregation");

    private ResumeCheck() {}

    /**
     * The checkpoint to continue from, once its config matches (or {@code allowConfigChange});
     * warns when BLAS or thread counts differ.
     *
     * @throws ResumeRefusedException without a checkpoint, or naming the first changed key with both values
     */
    static Checkpoint config(
            Checkpoint c, JobConfig cfg, boolean allowConfigChange, Path dir, int threads, Logger log) {
        if (c == null) {
            throw new ResumeRefusedException("refusing to resume " + dir + ": it has no committed checkpoint");
        }
        String before = normalized(c.config(), dir);
        String now = cfg.resolved();
        List<String> changed = changedKeys(before, now);
        if (!changed.isEmpty()) {
            String what = change(changed.get(0), before, now)
                    + (changed.size() > 1
                            ? " (also " + String.join(", ", changed.subList(1, changed.size())) + ")"
                            : "");
            if (!allowConfigChange) {
                throw new ResumeRefusedException("refusing to resume " + dir + ": " + cfg.source()
                        + " changed since its checkpoint: " + what + "; restore it, or pass --allow-config-change");
            }
            log.warn(
                    "resuming {} with a changed config (--allow-config-change): {}; the result is not the one the "
                            + "original config would have given",
                    dir,
                    what);
        }
        String warning = ResumeWarning.of(
                c,
                Blas.implementationName(),
                Blas.openBlasThreads(),
                threads,
                "training.threads_per_task, or spark.task.cpus when it is 0");
        if (warning != null) {
            log.warn(warning);
        }
        log.info(
                "resuming from step {} (epoch {}, step {} of the epoch)",
                c.globalStep(),
                c.epoch() + 1,
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
     * A checkpoint's config as this version resolves it: checkpoints of older versions hold the
     * config as written, or resolved with keys this version leaves out, which would otherwise all
     * differ. One this version refuses (the char-lm schema of earlier versions) refuses the resume
     * with the reason.
     */
    static String normalized(String config, Path dir) {
        try {
            return ConfigReader.parse("the checkpoint's config", config).resolved();
        } catch (ConfigException | SpecException e) {
            throw new ResumeRefusedException("refusing to resume " + dir
                    + ": its checkpoint's config cannot be read by "
                    + "this version (" + e.getMessage() + "); finish the run with the version that started it, or "
                    + "start it again in a new output directory");
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
     * continue here: another network (its layers or its parameter count), or another optimizer's
     * state.
     */
    static void fits(Checkpoint c, JobConfig cfg, Path dir) {
        String refused = "refusing to resume " + dir + ": ";
        Model m = c.model();
        NetworkSpec spec = cfg.network();
        String[] was = m.spec().toText().split("\n");
        String[] is = spec.toText().split("\n");
        // line 0 is the input; a change of it that changes the parameters shows in their count
        for (int i = 1; i < Math.max(was.length, is.length); i++) {
            String a = i < was.length ? was[i] : "(none)";
            String b = i < is.length ? is[i] : "(none)";
            if (!a.equals(b)) {
                throw new ResumeRefusedException(
                        refused + "its checkpoint's network differs from the one " + cfg.source()
                                + " gives at line " + (i + 1) + ": '" + a + "' in the checkpoint, '" + b
                                + "' now; its parameters cannot continue there: restore the network, or use a new output directory");
            }
        }
        if (m.parameters().length != spec.paramCount()) {
            throw new ResumeRefusedException(
                    refused + "its checkpoint holds " + m.parameters().length + " parameters, the "
                            + "network of " + cfg.source() + " has " + spec.paramCount() + " (input "
                            + m.spec().input() + " then, "
                            + spec.input() + " now): restore the network, or use a new output directory");
        }
        if (m.optimizer() != null && m.optimizer().kind() != cfg.optimizer().kind()) {
            throw new ResumeRefusedException(refused + "its checkpoint holds the optimizer state of "
                    + m.optimizer().kind().text() + ", " + cfg.source() + " asks for "
                    + cfg.optimizer().kind().text()
                    + "; restore optimizer.type, or use a new output directory");
        }
    }

    /**
     * The stream state to continue with: the checkpoint's, or none (zero state) when it holds the
     * state of other streams, which only a resume under {@code --allow-config-change} with another
     * batch size meets.
     */
    static double[] streamState(Checkpoint c, StatefulGradientSource source, Logger log) {
        double[] saved = c.streamState();
        if (saved != null && saved.length != source.state().length) {
            log.warn(
                    "the checkpoint carries the state of other streams ({} values, the run has {}): the streams start "
                            + "from a zero state",
                    saved.length,
                    source.state().length);
            return null;
        }
        return saved;
    }
}
