package io.sparknn.trainer.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes files on any Hadoop file system without ever leaving a half-written file under its
 * final name: content goes to a temporary sibling first and is renamed into place once complete.
 * Object stores have no atomic rename, which is why checkpoints are additionally committed by a
 * manifest written last ({@link CheckpointStore}).
 */
public final class OutputFiles {
    private OutputFiles() {}

    /** Something that writes a file's content. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(FileSystem fs, Path target, byte[] bytes) throws IOException {
        write(fs, target, out -> out.write(bytes));
    }

    /** Writes {@code target} from {@code content}; on failure the previous file, if any, is untouched. */
    public static void write(FileSystem fs, Path target, Content content) throws IOException {
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                content.writeTo(out);
                out.hsync();
            }
            replace(fs, tmp, target);
        } catch (IOException | RuntimeException e) {
            fs.delete(tmp, false);
            throw e;
        }
    }

    private static void replace(FileSystem fs, Path tmp, Path target) throws IOException {
        if (!fs.exists(target)) {
            rename(fs, tmp, target);
            return;
        }
        Path old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
        rename(fs, target, old);
        rename(fs, tmp, target);
        fs.delete(old, false);
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }
}
