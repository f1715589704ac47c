package io.sparknn.trainer.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's metrics lines, each written when it comes at a cost that does not depend on how many came
 * before. Where the file system can append (local disk, HDFS) they are appended to
 * {@code <run>/metrics.jsonl}, flushed line by line. Elsewhere (object stores such as S3 through
 * s3a) they go to numbered segment files {@code <run>/metrics/part-00000.jsonl}, … in order, each
 * closed (and on an object store only then visible) at a checkpoint or after
 * {@value #SEGMENT_LINES} lines, and {@code metrics.jsonl} is written from them once, when the run
 * ends. A checkpoint records the log's {@link MetricsMark}; a resume keeps exactly the lines up to
 * it, dropping what a killed run wrote after its last checkpoint, and goes on from there.
 *
 * <p>Hadoop's local file system is a {@link ChecksumFileSystem}, which cannot append (a
 * {@code .crc} covers its whole file). The log writes through the raw file system beneath it:
 * {@code metrics.jsonl} then has no {@code .crc}, which a reader through the checksummed file system
 * accepts (it reads the file unchecked), and a {@code .crc} an older version left is deleted before
 * the file is rewritten, since it would no longer match.
 */
public final class MetricsLog implements AutoCloseable {
    public static final String FILE = "metrics.jsonl";
    static final String SEGMENT_DIR = "metrics";
    /** Lines per segment at most: bounds what an object store loses when a run is killed between checkpoints. */
    static final int SEGMENT_LINES = 1000;

    private static final Pattern SEGMENT = Pattern.compile("part-(\\d+)\\.jsonl");

    /** Where the lines go. */
    enum Form {
        ONE_FILE,
        SEGMENTS
    }

    private final FileSystem fs;
    private final Path file;
    private final Path segmentDir;
    private final int segmentLines;
    private Form form;
    private FSDataOutputStream out;
    private long lines;
    private int closedSegments;
    private int linesInSegment;
    private String last;

    private MetricsLog(FileSystem fs, Path dir, int segmentLines, List<String> kept) {
        this.fs = fs;
        this.file = new Path(dir, FILE);
        this.segmentDir = new Path(dir, SEGMENT_DIR);
        this.segmentLines = segmentLines;
        this.lines = kept.size();
        this.last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
    }

    /**
     * The lines a resume from {@code mark} keeps: exactly those written up to its checkpoint. Read
     * before the run writes anything, so a log that lost lines is refused with the directory as it was.
     *
     * @param mark null for a fresh run (no lines)
     */
    public static List<String> kept(FileSystem given, Path dir, MetricsMark mark) throws IOException {
        if (mark == null) {
            return List.of();
        }
        if (mark.held() != null) {
            return mark.held();
        }
        FileSystem fs = raw(given);
        StringBuilder text = new StringBuilder();
        String source;
        if (mark.segments() > 0) {
            source = new Path(dir, SEGMENT_DIR) + "/" + segmentName(0) + " to " + segmentName(mark.segments() - 1);
            for (int i = 0; i < mark.segments(); i++) {
                text.append(readIfExists(fs, segment(new Path(dir, SEGMENT_DIR), i)));
            }
        } else {
            source = new Path(dir, FILE).toString();
            text.append(mark.lines() == 0 ? "" : readIfExists(fs, new Path(dir, FILE)));
        }
        List<String> kept = new ArrayList<>();
        int from = 0;
        while (kept.size() < mark.lines()) {
            int end = text.indexOf("\n", from);
            if (end < 0) {
                throw new OutputDirectoryException("refusing to resume " + dir + ": " + source + " holds " + kept.size()
                        + " complete metrics lines, fewer than the " + mark.lines() + " its checkpoint counts; restore "
                        + "them, or set output.mode to overwrite to start again");
            }
            kept.add(text.substring(from, end + 1));
            from = end + 1;
        }
        return kept;
    }

    /**
     * Opens the log of a run that has prepared its directory: empty for a fresh run, else holding
     * {@code kept} (from {@link #kept}) with everything after it gone.
     */
    public static MetricsLog open(FileSystem given, Path runDir, MetricsMark mark, List<String> kept)
            throws IOException {
        return open(given, runDir, mark, kept, SEGMENT_LINES);
    }

    static MetricsLog open(FileSystem given, Path runDir, MetricsMark mark, List<String> kept, int segmentLines)
            throws IOException {
        FileSystem fs = raw(given);
        MetricsLog log = new MetricsLog(fs, given.makeQualified(runDir), segmentLines, kept);
        if (given instanceof ChecksumFileSystem c) {
            fs.delete(c.getChecksumFile(log.file), false); // an older version's; the rewrite below would not match it
        }
        if (fs.hasPathCapability(log.file, CommonPathCapabilities.FS_APPEND) && log.openOneFile(kept)) {
            return log;
        }
        log.openSegments(mark, kept);
        return log;
    }

    /** The file system the log writes through: the raw one beneath a checksummed one, which cannot append. */
    private static FileSystem raw(FileSystem fs) {
        return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    }

    /** Rewrites metrics.jsonl with the kept lines once and appends from there; false when the file system refuses. */
    private boolean openOneFile(List<String> kept) throws IOException {
        OutputFiles.write(fs, file, String.join("", kept).getBytes(StandardCharsets.UTF_8));
        try {
            out = fs.append(file);
        } catch (UnsupportedOperationException e) {
            return false; // it said it could: fall back to segments, which need no append
        }
        form = Form.ONE_FILE;
        fs.delete(
                segmentDir,
                true); // the segments of an earlier form (a run moved from an object store): now in the file
        return true;
    }

    private void openSegments(MetricsMark mark, List<String> kept) throws IOException {
        form = Form.SEGMENTS;
        if (mark != null && mark.held() == null && mark.segments() > 0) {
            // the segments up to the checkpoint hold exactly the kept lines: drop only what came after
            closedSegments = mark.segments();
            for (FileStatus s : fs.exists(segmentDir) ? fs.listStatus(segmentDir) : new FileStatus[0]) {
                Matcher m = SEGMENT.matcher(s.getPath().getName());
                if (!m.matches() || Long.parseLong(m.group(1)) >= closedSegments) {
                    fs.delete(s.getPath(), true);
                }
            }
        } else {
            fs.delete(segmentDir, true);
            if (!kept.isEmpty()) {
                OutputFiles.write(
                        fs, segment(segmentDir, 0), String.join("", kept).getBytes(StandardCharsets.UTF_8));
                closedSegments = 1;
            }
        }
        fs.delete(file, false); // stale until the run ends and writes it from the segments
    }

    Form form() {
        return form;
    }

    /** The newest line, or null when there is none. */
    public String last() {
        return last;
    }

    /** Writes one line (ending in a newline). */
    public void append(String line) {
        try {
            if (form == Form.SEGMENTS && out == null) {
                out = fs.create(segment(segmentDir, closedSegments), true);
            }
            out.write(line.getBytes(StandardCharsets.UTF_8));
            lines++;
            last = line;
            if (form == Form.ONE_FILE) {
                out.hflush(); // readers see each line as it comes; a segment on an object store appears only when
                // closed
            } else if (++linesInSegment == segmentLines) {
                closeSegment();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "writing " + (form == Form.ONE_FILE ? file : segment(segmentDir, closedSegments)), e);
        }
    }

    /** Makes every line so far durable and says how far the log is, for a checkpoint to record. */
    public MetricsMark mark() throws IOException {
        if (form == Form.ONE_FILE) {
            out.hsync();
        } else if (out != null) {
            closeSegment();
        }
        return MetricsMark.of(lines, form == Form.ONE_FILE ? 0 : closedSegments);
    }

    private void closeSegment() throws IOException {
        out.close();
        out = null;
        closedSegments++;
        linesInSegment = 0;
    }

    /** Closes the log at the end of a run; in the segment form, writes metrics.jsonl whole from the segments. */
    public void finish() throws IOException {
        close();
        if (form == Form.SEGMENTS) {
            OutputFiles.write(fs, file, o -> {
                for (int i = 0; i < closedSegments; i++) {
                    try (InputStream in = fs.open(segment(segmentDir, i))) {
                        in.transferTo(o);
                    }
                }
            });
        }
    }

    @Override
    public void close() throws IOException {
        if (out == null) {
            return;
        }
        if (form == Form.ONE_FILE) {
            out.close();
            out = null;
        } else {
            closeSegment();
        }
    }

    /** The lines of a finished run's {@code metrics.jsonl}; none when it has no such file. */
    public static List<String> lines(FileSystem fs, Path runDir) throws IOException {
        String text = readIfExists(fs, new Path(runDir, FILE));
        List<String> lines = new ArrayList<>();
        for (String line : text.split("(?<=\n)")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String readIfExists(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return "";
        }
    }

    static String segmentName(int index) {
        return String.format("part-%05d.jsonl", index);
    }

    private static Path segment(Path segmentDir, int index) {
        return new Path(segmentDir, segmentName(index));
    }
}
