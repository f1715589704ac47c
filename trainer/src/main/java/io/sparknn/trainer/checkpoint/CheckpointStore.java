package io.sparknn.trainer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints under {@code <output>/checkpoints/step-NNNNNNNNNN/}: each one is written into a
 * fresh directory and committed by a {@code _MANIFEST} (SHA-256 and size of every file) written
 * last, since object stores such as S3 have no atomic rename. Resume takes the newest checkpoint
 * whose manifest is present and whose files match it; a checkpoint whose writer was killed has
 * no manifest (or a mismatching one) and is skipped.
 */
public final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    static final String MANIFEST = "_MANIFEST";
    /** Suffix of a step's second directory name, used while a committed checkpoint of that step is replaced. */
    static final String ALTERNATE = "-b";

    private static final Pattern NAME = Pattern.compile("step-(\\d{10})(" + ALTERNATE + ")?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FileSystem fs;
    private final Path root;
    private final int keep;

    /** Where the checkpoints are: {@code checkpoints/} of the run directory. */
    public Path dir() {
        return root;
    }

    public CheckpointStore(FileSystem fs, Path outputDir, int keep) {
        this.fs = fs;
        this.root = new Path(outputDir, "checkpoints");
        this.keep = keep;
    }

    static String dirName(long step) {
        return String.format("step-%010d", step);
    }

    /**
     * Writes and commits a checkpoint, then prunes ({@link #prune}). A committed
     * checkpoint of the same step (the epoch end right after a step checkpoint, or the final one)
     * is replaced by writing beside it under the step's other name and deleting it only once the
     * new one is committed: deleting it first would leave, with {@code keep} 1, no checkpoint at all
     * to a writer killed in between. Both versions resume to the same result.
     */
    public Path save(Checkpoint c) throws IOException {
        Path primary = new Path(root, dirName(c.globalStep()));
        Path alternate = new Path(root, dirName(c.globalStep()) + ALTERNATE);
        Path replaced = committed(primary) ? primary : committed(alternate) ? alternate : null;
        Path dir = primary.equals(replaced) ? alternate : primary;
        for (Path p : List.of(primary, alternate)) {
            if (!p.equals(replaced) && fs.exists(p)) {
                fs.delete(p, true); // an uncommitted leftover of a killed writer
            }
        }
        fs.mkdirs(dir);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("model.bin", modelBytes(c.model()));
        if (c.best() != null) {
            files.put("best.bin", modelBytes(c.best()));
        }
        files.put("state.json", state(c));
        if (c.streamState() != null) {
            files.put(STREAM_STATE, doubles(c.streamState()));
        }
        StringBuilder manifest = new StringBuilder();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            try (var out = fs.create(new Path(dir, f.getKey()), false)) {
                out.write(f.getValue());
                out.hsync();
            }
            manifest.append(sha256(f.getValue()))
                    .append(' ')
                    .append(f.getValue().length)
                    .append(' ')
                    .append(f.getKey())
                    .append('\n');
        }
        try (var out = fs.create(new Path(dir, MANIFEST), false)) {
            out.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
            out.hsync();
        }
        if (replaced != null) {
            fs.delete(replaced, true);
        }
        prune(dir);
        return dir;
    }

    private boolean committed(Path dir) throws IOException {
        return fs.exists(new Path(dir, MANIFEST));
    }

    /**
     * Runs once {@code written} is committed: it and the {@code keep − 1} newest committed
     * checkpoints of earlier steps stay; older committed ones go, and so does every uncommitted
     * directory, since this store's only writer has just finished (those are leftovers of a killed
     * writer, newer or older). Only committed checkpoints count toward {@code keep}: counting a
     * leftover would delete a good checkpoint, with {@code keep} 1 the only one. A committed
     * checkpoint of a later step is one the resume skipped as unreadable (the newest readable one is
     * where a run continues): it is neither counted nor deleted, and is replaced when the run gets
     * to its step again.
     */
    private void prune(Path written) throws IOException {
        long writtenStep = step(written);
        int kept = 1;
        for (Path dir : newestFirst()) {
            if (dir.getName().equals(written.getName())) {
                continue; // compared by name: the listing qualifies paths (file:/…) that save() built unqualified
            }
            long step = step(dir);
            if (step < 0) {
                continue; // not a name this store writes
            }
            if (!committed(dir)) {
                fs.delete(dir, true);
            } else if (step == writtenStep) {
                fs.delete(dir, true); // the copy it replaces, if deleting it after the commit failed
            } else if (step < writtenStep && ++kept > keep) {
                fs.delete(dir, true);
            }
        }
    }

    /** The step of a checkpoint directory's name (either of its two names), or −1 for another name. */
    private static long step(Path dir) {
        Matcher m = NAME.matcher(dir.getName());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Every {@code step-*} directory, committed or not, newest first (the alternate name before the primary). */
    private List<Path> newestFirst() throws IOException {
        if (!fs.exists(root)) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        for (FileStatus s : fs.listStatus(root)) {
            if (s.isDirectory() && s.getPath().getName().startsWith("step-")) {
                dirs.add(s.getPath());
            }
        }
        dirs.sort((a, b) -> b.getName().compareTo(a.getName()));
        return dirs;
    }

    /** The newest checkpoint whose manifest checks out, or null; broken ones are logged and skipped. */
    public Checkpoint latest() throws IOException {
        skipped = null;
        for (Path dir : newestFirst()) {
            try {
                return read(dir);
            } catch (IOException | RuntimeException e) {
                LOG.warn("skipping checkpoint {}: {}", dir, e.getMessage());
                if (skipped == null) {
                    skipped = dir.getName() + ": " + e.getMessage();
                }
            }
        }
        return null;
    }

    /** Why {@link #latest} skipped the newest checkpoint directory, for a refusal to name; "" when none was skipped. */
    public String skippedNote() {
        return skipped == null ? "" : " (checkpoints/" + skipped + ")";
    }

    /** The newest checkpoint directory the last {@link #latest} call skipped, and why; null when none. */
    private String skipped;

    /** The metrics log's length at the checkpoint ({@link MetricsMark}), in state.json. */
    static final String METRICS_LINES = "metrics_lines";

    static final String METRICS_SEGMENTS = "metrics_segments";
    /** What a checkpoint of an older version holds instead of a line count: the metrics lines themselves. */
    static final String OLD_METRICS = "metrics.jsonl";

    /** The carried stream state of stateful training; absent in other checkpoints. */
    static final String STREAM_STATE = "stream_state.bin";

    Checkpoint read(Path dir) throws IOException {
        Path manifestPath = new Path(dir, MANIFEST);
        if (!fs.exists(manifestPath)) {
            throw new IOException("no " + MANIFEST + " (the write did not finish)");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String line : new String(readAll(manifestPath), StandardCharsets.UTF_8).split("\n")) {
            String[] p = line.split(" ");
            if (p.length != 3) {
                throw new IOException("malformed manifest line '" + line + "'");
            }
            byte[] content = readAll(new Path(dir, p[2]));
            if (content.length != Long.parseLong(p[1]) || !sha256(content).equals(p[0])) {
                throw new IOException(p[2] + " does not match its checksum in the manifest");
            }
            files.put(p[2], content);
        }
        for (String needed : List.of("model.bin", "state.json")) {
            if (!files.containsKey(needed)) {
                throw new IOException("manifest lacks " + needed);
            }
        }
        Model model = ModelFile.read(new ByteArrayInputStream(files.get("model.bin")), dir + "/model.bin");
        Model best = files.containsKey("best.bin")
                ? ModelFile.read(new ByteArrayInputStream(files.get("best.bin")), dir + "/best.bin")
                : null;
        JsonNode s = JSON.readTree(files.get("state.json"));
        MetricsMark metrics = s.has(METRICS_LINES)
                ? MetricsMark.of(
                        s.get(METRICS_LINES).asLong(), s.get(METRICS_SEGMENTS).asInt())
                : MetricsMark.held(heldLines(files.get(OLD_METRICS)));
        return new Checkpoint(
                s.get("global_step").asLong(),
                s.get("epoch").asInt(),
                s.get("step_in_epoch").asInt(),
                s.get("best_score").isNull() ? Double.NaN : s.get("best_score").asDouble(),
                s.get("epochs_without_improvement").asInt(),
                s.get("best_epoch").asInt(),
                s.get("config").asText(),
                s.get("blas").asText(),
                s.get("threads_per_task").asInt(),
                s.get("openblas_threads").asText(),
                metrics,
                model,
                best,
                files.containsKey(STREAM_STATE) ? doubles(files.get(STREAM_STATE), dir + "/" + STREAM_STATE) : null);
    }

    /** The metrics lines an older checkpoint holds, which has no metrics line count in its state. */
    private static List<String> heldLines(byte[] content) throws IOException {
        if (content == null) {
            throw new IOException("manifest lacks " + OLD_METRICS + " and state.json has no " + METRICS_LINES);
        }
        List<String> lines = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("(?<=\n)")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Big-endian IEEE doubles, exact. */
    private static byte[] doubles(double[] v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * Double.BYTES);
        b.asDoubleBuffer().put(v);
        return b.array();
    }

    private static double[] doubles(byte[] bytes, String name) throws IOException {
        if (bytes.length % Double.BYTES != 0) {
            throw new IOException(name + " holds " + bytes.length + " bytes, not a whole number of doubles");
        }
        double[] v = new double[bytes.length / Double.BYTES];
        java.nio.ByteBuffer.wrap(bytes).asDoubleBuffer().get(v);
        return v;
    }

    private static byte[] state(Checkpoint c) throws IOException {
        ObjectNode s = JSON.createObjectNode();
        s.put("global_step", c.globalStep());
        s.put("epoch", c.epoch());
        s.put("step_in_epoch", c.stepInEpoch());
        if (Double.isNaN(c.bestScore())) {
            s.putNull("best_score");
        } else {
            s.put("best_score", c.bestScore());
        }
        s.put("epochs_without_improvement", c.epochsWithoutImprovement());
        s.put("best_epoch", c.bestEpoch());
        s.put("blas", c.blas());
        s.put("threads_per_task", c.threadsPerTask());
        s.put("openblas_threads", c.openBlasThreads());
        s.put("config", c.config());
        s.put(METRICS_LINES, c.metrics().lines());
        s.put(METRICS_SEGMENTS, c.metrics().segments());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(s);
    }

    private static byte[] modelBytes(Model m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(m, out);
        return out.toByteArray();
    }

    private byte[] readAll(Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names of the checkpoint directories, committed or not, newest first (for tests and logs). */
    public List<String> list() throws IOException {
        return newestFirst().stream().map(Path::getName).toList();
    }
}
