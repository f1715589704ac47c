package io.sparknn.trainer.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.Path;

/**
 * Whether a directory can be made at a path of any Hadoop file system: no ancestor of the path is
 * a regular file. Jobs ask before they read anything, so an output they could never write is
 * refused naming the file instead of failing at their first write (on the local file system with
 * a {@link ParentNotDirectoryException}) after all the reading.
 */
public final class OutputLocation {
    private OutputLocation() {}

    /**
     * Refuses {@code path} with an {@link OutputDirectoryException} naming the file when its
     * nearest existing ancestor is not a directory.
     *
     * @param what names the path in the message, e.g. "output directory"
     */
    public static void requireCreatable(FileSystem fs, Path path, String what) throws IOException {
        Path child = path;
        for (Path p = path.getParent(); p != null && !p.equals(child); child = p, p = p.getParent()) {
            FileStatus s = status(fs, p);
            if (s == null) {
                continue;
            }
            if (!s.isDirectory()) {
                throw new OutputDirectoryException(what + " " + path + " cannot be created: " + p + " is a file");
            }
            return;
        }
    }

    /**
     * The status of {@code p}, or null when it does not exist. A file system may report a path
     * below a file as having a parent that is not a directory rather than as missing; walking on up
     * finds that file.
     */
    private static FileStatus status(FileSystem fs, Path p) throws IOException {
        try {
            return fs.getFileStatus(p);
        } catch (FileNotFoundException | ParentNotDirectoryException e) {
            return null;
        }
    }
}
