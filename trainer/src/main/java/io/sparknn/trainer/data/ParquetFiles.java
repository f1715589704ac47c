package io.sparknn.trainer.data;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
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
 * format's magic {@code PAR1} and hold a footer that fits in it and decodes. Spark would find the
 * same problems while inferring the schema, but in a failed task, with its stack trace on stderr;
 * here each file's problem comes back as a value, and the first in path order is one error naming
 * the file. The files are those Spark's scan reads: hidden ones, {@code _}-prefixed ones (but not
 * {@code _key=value} partition folders), files being copied and empty files are left out. With
 * {@code spark.sql.files.ignoreCorruptFiles} the user has asked Spark to skip damaged files, and
 * nothing is checked.
 */
public final class ParquetFiles {
    private static final byte[] MAGIC = {'P', 'A', 'R', '1'};
    /** At most this many files a task. */
    private static final int PER_TASK = 64;

    private ParquetFiles() {}

    /** A listed file: its path and length. */
    public record Listed(String path, long length) implements Serializable {}

    /** One file's problem. */
    public record Problem(String file, String what) implements Serializable {}

    /** @throws DataException naming a missing location, or the first file in path order that is not a whole Parquet file */
    public static void requireWhole(JavaSparkContext sc, String location, boolean ignoreCorruptFiles) {
        List<Listed> files = list(location, sc.hadoopConfiguration());
        if (files.isEmpty()) {
            throw DataException.atByte(location, 0, "no data files");
        }
        if (ignoreCorruptFiles) {
            return;
        }
        SerializableConfiguration hadoop = new SerializableConfiguration(sc.hadoopConfiguration());
        sc.setJobDescription("check the Parquet files of " + location);
        int tasks =
                Math.min(files.size(), Math.max(2 * sc.defaultParallelism(), (files.size() + PER_TASK - 1) / PER_TASK));
        for (Problem p :
                sc.parallelize(files, tasks).map(f -> problem(f, hadoop)).collect()) {
            if (p != null) {
                throw DataException.of(p.file(), p.what());
            }
        }
    }

    private static Problem problem(Listed f, SerializableConfiguration hadoop) {
        Path p = new Path(f.path());
        long length = f.length();
        try {
            FileSystem fs = p.getFileSystem(hadoop.value());
            if (length < 12) {
                return new Problem(
                        f.path(), "is not a Parquet file: " + length + " bytes, fewer than a header and footer take");
            }
            byte[] head = new byte[4];
            byte[] tail = new byte[8];
            try (FSDataInputStream in = fs.open(p)) {
                in.readFully(0, head);
                in.readFully(length - 8, tail);
            }
            if (!java.util.Arrays.equals(head, MAGIC)) {
                return new Problem(f.path(), "is not a Parquet file: it does not start with PAR1");
            }
            if (!java.util.Arrays.equals(java.util.Arrays.copyOfRange(tail, 4, 8), MAGIC)) {
                return new Problem(
                        f.path(),
                        "is not a whole Parquet file (or an encrypted one): it does not end with PAR1 "
                                + "(truncated?)");
            }
            long footer =
                    (tail[0] & 0xFFL) | (tail[1] & 0xFFL) << 8 | (tail[2] & 0xFFL) << 16 | (tail[3] & 0xFFL) << 24;
            if (footer > length - 12) {
                return new Problem(
                        f.path(),
                        "is not a whole Parquet file: its footer of " + footer + " bytes does not fit in " + "its "
                                + length + " bytes");
            }
            try (ParquetFileReader reader =
                    ParquetFileReader.open(HadoopInputFile.fromStatus(fs.getFileStatus(p), hadoop.value()))) {
                reader.getFooter();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            // a file that opens but does not decode, or a name the file system cannot open (a ':')
            String what = e instanceof IOException && !(e instanceof java.io.FileNotFoundException)
                    ? "is not a readable Parquet file ("
                    : "cannot be read (";
            return new Problem(f.path(), what + firstLine(e) + ")");
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.split("\n")[0];
    }

    /** The data files at a location (a file, a directory read recursively, or a glob), in path order. */
    private static List<Listed> list(String location, Configuration conf) {
        List<Listed> out = new ArrayList<>();
        try {
            Path given = new Path(location);
            FileSystem fs = given.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(given);
            if (matches == null || matches.length == 0) {
                // Spark would log a warning with a stack trace before its own error
                throw DataException.of(location, "file not found");
            }
            for (FileStatus match : matches) {
                Path root = fs.makeQualified(match.getPath());
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
                while (it.hasNext()) {
                    LocatedFileStatus f = it.next();
                    if (f.getLen() > 0 && !leftOut(fs.makeQualified(f.getPath()), root)) {
                        out.add(new Listed(f.getPath().toString(), f.getLen()));
                    }
                }
            }
        } catch (IOException e) {
            throw DataException.of(location, "cannot list: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw DataException.of(location, "not a valid path: " + e.getMessage());
        }
        out.sort(Comparator.comparing(Listed::path));
        return out;
    }

    /** Whether Spark's file index leaves the file out: a name below the root that is hidden, a summary or a copy. */
    private static boolean leftOut(Path f, Path root) {
        for (Path p = f; p != null && !p.equals(root); p = p.getParent()) {
            String name = p.getName();
            if ((name.startsWith("_") && !name.contains("=")) || name.startsWith(".") || name.endsWith("._COPYING_")) {
                return true;
            }
        }
        return false;
    }
}
