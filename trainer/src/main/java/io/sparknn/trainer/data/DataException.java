package io.sparknn.trainer.data;

import io.sparknn.engine.SparknnException;

/**
 * Input data that cannot be parsed. The message always starts with the source (file name or
 * URI as the caller gave it) and the place in it: a 1-based line for text formats, a 0-based
 * byte offset for binary formats and for invalid UTF-8, e.g.
 * {@code digits.csv line 17: expected 65 columns, got 64}. For gzipped input, byte offsets
 * count bytes of the gunzipped content and the message says so.
 *
 * <p>Unchecked on purpose: it travels through Spark tasks and readers unchanged. Real I/O
 * failures (a stream that cannot be read) stay {@link java.io.IOException}s.
 */
public class DataException extends SparknnException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final long byteOffset;
    private final long row;
    private final String problem;

    private DataException(String source, long line, long byteOffset, String where, String problem, Throwable cause) {
        this(source, line, byteOffset, -1, where, problem, cause);
    }

    private DataException(
            String source, long line, long byteOffset, long row, String where, String problem, Throwable cause) {
        super(Kind.BAD_DATA, source + (where.isEmpty() ? "" : " " + where) + ": " + problem, cause);
        this.source = source;
        this.line = line;
        this.byteOffset = byteOffset;
        this.row = row;
        this.problem = problem;
    }

    /** A problem with a source as a whole (missing, empty, not fitting the network). */
    public static DataException of(String source, String problem) {
        return new DataException(source, -1, -1, "", problem, null);
    }

    /** A problem on a 1-based line of a text source. */
    public static DataException atLine(String source, long line, String problem) {
        return new DataException(source, line, -1, "line " + line, problem, null);
    }

    /** A problem at a 0-based byte offset of a source read as is. */
    public static DataException atByte(String source, long offset, String problem) {
        return new DataException(source, -1, offset, "byte " + offset, problem, null);
    }

    /**
     * A problem at a byte offset; {@code gunzipped} says the offset counts bytes of the
     * decompressed content, which the message then states.
     */
    public static DataException atByte(String source, long offset, boolean gunzipped, String problem, Throwable cause) {
        String where = "byte " + offset + (gunzipped ? " of the gunzipped content" : "");
        return new DataException(source, -1, offset, where, problem, cause);
    }

    /** A problem at a byte offset that also knows its 1-based line (invalid UTF-8 in text). */
    static DataException atByteOnLine(String source, long offset, boolean gunzipped, long line, String problem) {
        String where = "byte " + offset + (gunzipped ? " of the gunzipped content" : "") + " (line " + line + ")";
        return new DataException(source, line, offset, where, problem, null);
    }

    /** A problem in the 1-based row of a source without lines (a binary format after parsing). */
    static DataException atRow(String source, long row, String problem) {
        return new DataException(source, -1, -1, row, "row " + row, problem, null);
    }

    /**
     * This error with its row moved down by {@code rows}: a table is read one partition per task,
     * each counting its rows from 1, and only the driver knows how many rows came before.
     */
    DataException rowsAfter(long rows) {
        return row < 0 || rows == 0 ? this : atRow(source, row + rows, problem);
    }

    /** The source name as the caller gave it to the parser. */
    public String source() {
        return source;
    }

    /** The 1-based line, or -1 when the problem is located by byte offset only. */
    public long line() {
        return line;
    }

    /** The 0-based byte offset, or -1 when the problem is located by line only. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The 1-based row of a source without lines, or -1. */
    public long row() {
        return row;
    }

    /** What was wrong, without the source and place. */
    public String problem() {
        return problem;
    }
}
