package io.sparknn.jobs;

import io.sparknn.trainer.checkpoint.OutputDirectoryException;
import io.sparknn.trainer.checkpoint.OutputLocation;
import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks made before a job computes anything, so that an output it could never write is refused
 * (exit 6, naming the path) instead of failing at the end with a file system's exception.
 */
final class OutputPaths {
    private OutputPaths() {}

    /**
     * An existing {@code dir} that --overwrite may replace holds only what a Spark text output
     * writes ({@code part-*}, {@code _SUCCESS}, their hidden checksums): a directory given by
     * mistake (a run, a data or home directory) is never deleted with everything in it.
     */
    static void requireTextOutput(FileSystem fs, Path dir, String what) throws IOException {
        if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
            return;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            boolean ours = s.isFile()
                    && (name.startsWith("part-")
                            || name.startsWith("._")
                            || name.startsWith(".part-")
                            || name.equals("_SUCCESS"));
            if (!ours) {
                throw new OutputDirectoryException(
                        what + " " + dir + " holds '" + name + "', which is not a prediction "
                                + "output's: --overwrite only replaces a previous prediction output; choose another directory");
            }
        }
    }

    /** {@code dir} is a directory or can be created as one. */
    static void requireDirectory(FileSystem fs, Path dir, String what) throws IOException {
        // the ancestors first: some file systems cannot even say whether a path below a file exists
        OutputLocation.requireCreatable(fs, dir, what);
        if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
            throw new OutputDirectoryException(what + " " + dir + " is a file, not a directory");
        }
    }
}
