package io.sparknn.trainer.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import scala.Tuple2;

/**
 * One file of a text as the task that read it holds it (strict UTF-8, plain or gzipped, a leading
 * byte order mark dropped: {@link TextReader}), or the error that stopped the read; a bad file is a
 * value, so the driver reports the first error in file order, as for the table formats. Positions
 * inside a file count code points from its first character.
 *
 * <p>A plain class, not a record: Spark's Kryo cannot create records.
 */
final class TextPart implements Serializable {
    private static final long serialVersionUID = 1L;

    final int index;
    final String source;
    /** The file's characters; null when it could not be read. */
    final String text;
    /** Code points in {@code text}. */
    final long length;

    final DataException error;

    private TextPart(int index, String source, String text, DataException error) {
        this.index = index;
        this.source = source;
        this.text = text;
        this.length = text == null ? 0 : text.codePointCount(0, text.length());
        this.error = error;
    }

    /**
     * The files of a text, each as its name (what errors say) and the path a task opens: {@code
     * location} itself when it is a file (named as given, opened by its qualified path, so that an
     * executor whose working directory is not the driver's finds it), else a directory's files in
     * name order ({@link DataUnit#files}, named and opened by their URIs). A missing path is a data
     * error naming it.
     */
    static List<Tuple2<String, String>> files(String location, Configuration hadoop) {
        FileStatus st;
        try {
            Path p = new Path(location);
            FileSystem fs = p.getFileSystem(hadoop);
            st = fs.getFileStatus(p);
            if (!st.isDirectory()) {
                return List.of(new Tuple2<>(location, fs.makeQualified(p).toString()));
            }
        } catch (FileNotFoundException e) {
            throw DataException.of(location, "file not found");
        } catch (IOException e) {
            throw DataException.of(location, "cannot open: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw DataException.of(location, "not a valid path: " + e.getMessage());
        }
        return DataUnit.files(location, hadoop).stream()
                .map(f -> new Tuple2<>(f, f))
                .toList();
    }

    /**
     * Reads file {@code index} of a text, opened at {@code path}; what cannot be read is returned as
     * the part's error, naming the file by {@code name}.
     */
    static TextPart read(int index, String name, String path, Configuration hadoop) {
        try {
            return new TextPart(index, name, text(name, path, hadoop), null);
        } catch (DataException e) {
            return new TextPart(index, name, null, e);
        }
    }

    /** The characters of one file (strict UTF-8, plain or gzipped) opened at {@code path}; errors name it {@code name}. */
    static String text(String name, String path, Configuration hadoop) {
        Path p = new Path(path);
        FileSystem fs;
        try {
            fs = p.getFileSystem(hadoop);
        } catch (IOException e) {
            throw DataException.of(name, "cannot open: " + e.getMessage());
        }
        try (InputStream in = fs.open(p)) {
            return TextReader.read(in, name);
        } catch (FileNotFoundException e) {
            throw DataException.of(name, "file not found");
        } catch (IOException e) {
            throw DataException.atByte(name, 0, "cannot read: " + e.getMessage());
        }
    }

    /** What the driver needs: the file's length and character set, or its error; not its text. */
    TextSummary summary() {
        return new TextSummary(index, source, length, error == null ? charset(0, length) : new int[0], error);
    }

    /** The distinct code points of characters [from, to) of this file, ascending. */
    int[] charset(long from, long to) {
        BitSet seen = new BitSet();
        int at = charIndex(from);
        for (long i = from; i < to; i++) {
            int cp = text.codePointAt(at);
            seen.set(cp);
            at += Character.charCount(cp);
        }
        return seen.stream().toArray();
    }

    /**
     * The ids of characters [from, to) of this file in a vocabulary of sorted code points (each
     * character is in it: the vocabulary is the union of the files' character sets).
     */
    int[] ids(long from, long to, int[] vocabulary) {
        int[] out = new int[Math.toIntExact(to - from)];
        int at = charIndex(from);
        for (int i = 0; i < out.length; i++) {
            int cp = text.codePointAt(at);
            out[i] = Arrays.binarySearch(vocabulary, cp);
            at += Character.charCount(cp);
        }
        return out;
    }

    /** The char index of code point {@code offset} (the same when the file has no surrogate pair). */
    private int charIndex(long offset) {
        return text.length() == length ? (int) offset : text.offsetByCodePoints(0, Math.toIntExact(offset));
    }
}
