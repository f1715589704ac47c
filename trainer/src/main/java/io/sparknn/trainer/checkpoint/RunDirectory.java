package io.sparknn.trainer.checkpoint;

import io.sparknn.trainer.config.OutputMode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's output directory on any Hadoop file system, and the rules for reusing one: a finished
 * run (it has {@code _SUCCESS}) or an unfinished one is never overwritten unless the user said
 * overwrite; resume continues from the newest committed checkpoint; auto resumes when there is
 * one and otherwise starts (what a restarted driver, e.g. a second YARN attempt, needs).
 */
public final class RunDirectory {
    public static final String SUCCESS = "_SUCCESS";
    /** Written first by every run: marks a directory as a run's. */
    static final String RESOLVED_CONFIG = "config.resolved.json";
    /**
     * Where {@code lr-find} and {@code compare} write by default, inside the run's own directory:
     * a directory holding only these is empty to a run, and overwrite keeps them.
     */
    public static final Set<String> TUNING = Set.of("lr-find", "compare");

    /** What the directory held before this run. */
    public enum Found {
        EMPTY,
        UNFINISHED,
        FINISHED
    }

    /** What this run does. */
    public enum Start {
        FRESH,
        RESUME,
        ALREADY_FINISHED
    }

    private final FileSystem fs;
    private final Path dir;

    public RunDirectory(String dir, Configuration conf) throws IOException {
        this.dir = new Path(dir);
        this.fs = this.dir.getFileSystem(conf);
    }

    public FileSystem fs() {
        return fs;
    }

    public Path path() {
        return dir;
    }

    public Path file(String name) {
        return new Path(dir, name);
    }

    public Found found() throws IOException {
        if (!fs.exists(dir)) {
            return Found.EMPTY;
        }
        FileStatus[] entries = fs.listStatus(dir);
        if (Arrays.stream(entries).allMatch(e -> TUNING.contains(e.getPath().getName()))) {
            return Found.EMPTY;
        }
        return fs.exists(file(SUCCESS)) ? Found.FINISHED : Found.UNFINISHED;
    }

    /**
     * Decides how the run starts under {@code mode} (new, overwrite, resume, auto) without changing
     * anything; refuses with an {@link OutputDirectoryException} naming the directory when the mode
     * does not allow it, or when it is or lies below a regular file. Nothing is written until
     * {@link #prepare(Start, OutputMode)}, so a run whose input turns out to be bad leaves the directory
     * as it found it.
     */
    public Start check(OutputMode mode, CheckpointStore checkpoints) throws IOException {
        // first: below a file, the questions that follow have no meaningful answer on every file system
        OutputLocation.requireCreatable(fs, dir, "output directory");
        if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
            throw new OutputDirectoryException("output directory " + dir + " is a file; set output.dir to a directory");
        }
        Found f = found();
        boolean hasCheckpoint = checkpoints.latest() != null;
        return switch (mode) {
            case OVERWRITE -> {
                if (f != Found.EMPTY && !isRun()) {
                    throw new OutputDirectoryException(
                            "output directory " + dir + " is not empty and holds no sparknn run "
                                    + "(no " + RESOLVED_CONFIG + ", " + SUCCESS
                                    + " or checkpoints/); overwrite only replaces a run: "
                                    + "choose another directory or empty it");
                }
                yield Start.FRESH;
            }
            case RESUME -> {
                if (!hasCheckpoint) {
                    throw new OutputDirectoryException(
                            "output directory " + dir + " has no committed checkpoint to resume from"
                                    + (f == Found.EMPTY ? " (it is empty)" : checkpoints.skippedNote()));
                }
                yield Start.RESUME;
            }
            case AUTO -> {
                if (f == Found.FINISHED) {
                    yield Start.ALREADY_FINISHED;
                }
                if (hasCheckpoint) {
                    yield Start.RESUME;
                }
                if (f == Found.UNFINISHED) {
                    throw new OutputDirectoryException(
                            "output directory " + dir + " holds an unfinished run without a " + "committed checkpoint"
                                    + checkpoints.skippedNote() + "; set output.mode to overwrite to start again");
                }
                yield Start.FRESH;
            }
            case NEW -> {
                if (f == Found.FINISHED) {
                    throw new OutputDirectoryException(
                            "output directory " + dir + " already holds a finished run (" + SUCCESS
                                    + " exists); set output.mode to overwrite or resume, or choose another directory");
                }
                if (f == Found.UNFINISHED) {
                    throw new OutputDirectoryException(
                            "output directory " + dir + " holds an unfinished run; set output.mode "
                                    + "to resume (or auto) to continue it, or overwrite to start again");
                }
                yield Start.FRESH;
            }
        };
    }

    /**
     * Makes the directory ready for a run that {@link #check} allowed: a fresh run under overwrite
     * removes what was there, a fresh run creates the directory, a resumed one loses its
     * {@code _SUCCESS} (it is written again when the run finishes). The first write of a run: call
     * it only once the config and the data have been checked.
     */
    public void prepare(Start start, OutputMode mode) throws IOException {
        if (start == Start.RESUME) {
            clearSuccess();
        }
        if (start != Start.FRESH) {
            return;
        }
        if (mode == OutputMode.OVERWRITE && found() != Found.EMPTY) {
            for (FileStatus e : fs.listStatus(dir)) {
                if (!TUNING.contains(e.getPath().getName())) {
                    fs.delete(e.getPath(), true);
                }
            }
        }
        fs.mkdirs(dir);
    }

    /**
     * The directory holds a run's files: overwrite must never delete a directory given by mistake
     * (a home or data directory) with everything in it.
     */
    private boolean isRun() throws IOException {
        return fs.exists(file(RESOLVED_CONFIG)) || fs.exists(file(SUCCESS)) || fs.exists(file("checkpoints"));
    }

    /** Marks the run finished: written last, so schedulers can rely on it. */
    public void markSuccess() throws IOException {
        OutputFiles.write(fs, file(SUCCESS), new byte[0]);
    }

    /** Removes the success marker before a resumed run changes the directory. */
    public void clearSuccess() throws IOException {
        fs.delete(file(SUCCESS), false);
    }
}
