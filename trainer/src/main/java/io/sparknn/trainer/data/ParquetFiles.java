package io.sparknn.trainer.data;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A look at a Parquet location's files before Spark reads them: each must begin and end with the
 * format's magic {@code PAR1} and hold a footer that fits in it and decodes. Spark would find the same
 * problems while inferring the schema, but in a failed task, with its stack trace on stderr and
 * a retry; here each file's problem comes back as a value, and the first in name order is one
 * error naming the file.
 */
public final class ParquetFiles {
    private static final byte[] MAGIC = {'P', 'A', 'R', '1'};
    /** Files a task looks at. */
    private static final int PER_TASK = 64;

    private ParquetFiles() {
    }

    /** @throws DataException naming a missing location, or the first file in path order that is not a whole Parquet file */
    public static void requireWhole(JavaSparkContext sc, String location) {
        List<String> files = list(location, sc.hadoopConfiguration());
        if (files.isEmpty()) {
            throw DataException.atByte(location, 0, "no data files");
        }
        SerializableConfiguration hadoop = new SerializableConfiguration(sc.hadoopConfiguration());
        sc.setJobDescription("check the Parquet files of " + location);
        List<Problem> problems = sc.parallelize(files, (files.size() + PER_TASK - 1) / PER_TASK)
                .map(f -> problem(f, hadoop)).collect();
        for (Problem p : problems) {
            if (p != null) {
                throw DataException.of(p.file(), p.what());
            }
        }
    }

    /** One file's problem. */
    public record Problem(String file, String what) implements Serializable {
    }

    private static Problem problem(String file, SerializableConfiguration hadoop) throws IOException {
        Path p = new Path(file);
        FileSystem fs = p.getFileSystem(hadoop.value());
        try (FSDataInputStream in = fs.open(p)) {
            long length = fs.getFileStatus(p).getLen();
            if (length < 12) {
                return new Problem(file, "is not a Parquet file: " + length + " bytes, fewer than a header and footer take");
            }
            byte[] head = new byte[4];
            byte[] tail = new byte[8];
            in.readFully(0, head);
            in.readFully(length - 8, tail);
            if (!java.util.Arrays.equals(head, MAGIC)) {
                return new Problem(file, "is not a Parquet file: it does not start with PAR1");
            }
            if (!java.util.Arrays.equals(java.util.Arrays.copyOfRange(tail, 4, 8), MAGIC)) {
                return new Problem(file, "is not a whole Parquet file: it does not end with PAR1 (truncated?)");
            }
            long footer = (tail[0] & 0xFFL) | (tail[1] & 0xFFL) << 8 | (tail[2] & 0xFFL) << 16 | (tail[3] & 0xFFL) << 24;
            if (footer > length - 12) {
                return new Problem(file, "is not a whole Parquet file: its footer of " + footer + " bytes does not fit in its "
                        + length + " bytes");
            }
        } catch (IOException e) {
            return new Problem(file, "cannot read: " + e.getMessage());
        }
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(p, hadoop.value()))) {
            reader.getFooter();
            return null;
        } catch (IOException | RuntimeException e) {
            return new Problem(file, "is not a readable Parquet file: its footer cannot be decoded (" + firstLine(e) + ")");
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.split("\n")[0];
    }

    /** The data files below a location, in path order: Spark leaves out names starting with '_' or '.'. */
    private static List<String> list(String location, org.apache.hadoop.conf.Configuration conf) {
        List<String> out = new ArrayList<>();
        try {
            Path root = new Path(location);
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.exists(root)) {
                // Spark would log a warning with a stack trace before its own error
                throw DataException.of(location, "file not found");
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                Path f = it.next().getPath();
                if (!hidden(f, root)) {
                    out.add(f.toString());
                }
            }
        } catch (IOException e) {
            throw DataException.of(location, "cannot list: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw DataException.of(location, "not a valid path: " + e.getMessage());
        }
        out.sort(String::compareTo);
        return out;
    }

    private static boolean hidden(Path f, Path root) {
        String r = root.toUri().getPath();
        for (Path p = f; p != null && !p.toUri().getPath().equals(r); p = p.getParent()) {
            if (p.getName().startsWith("_") || p.getName().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
