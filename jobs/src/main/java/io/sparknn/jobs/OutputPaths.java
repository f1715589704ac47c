package io.sparknn.jobs;

import io.sparknn.trainer.checkpoint.OutputDirectoryException;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks made before a job computes anything, so that an output it could never write is refused
 * (exit 6, naming the path) instead of failing at the end with a file system's exception.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** No existing ancestor of {@code path} is a file: the directory can be created. */
    static void requireCreatable(FileSystem fs, Path path, String what) throws IOException {
        for (Path p = path.getParent(); p != null; p = p.getParent()) {
            if (fs.exists(p)) {
                if (!fs.getFileStatus(p).isDirectory()) {
                    throw new OutputDirectoryException(what + " " + path + " cannot be created: " + p + " is a file");
                }
                return;
            }
        }
    }

    /** {@code dir} is a directory or can be created as one. */
    static void requireDirectory(FileSystem fs, Path dir, String what) throws IOException {
        if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
            throw new OutputDirectoryException(what + " " + dir + " is a file, not a directory");
        }
        requireCreatable(fs, dir, what);
    }
}
