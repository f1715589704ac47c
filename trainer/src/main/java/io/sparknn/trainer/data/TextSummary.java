package io.sparknn.trainer.data;

import java.io.Serializable;

/**
 * One text file as the driver sees it: its length in characters (code points) and its character
 * set, or the error that stopped its read (invalid UTF-8 names the file and byte offset).
 *
 * <p>A plain class, not a record: Spark's Kryo cannot create records.
 */
final class TextSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    final int index;
    final String source;
    final long length;
    /** Distinct code points, ascending. */
    final int[] charset;

    final DataException error;

    TextSummary(int index, String source, long length, int[] charset, DataException error) {
        this.index = index;
        this.source = source;
        this.length = length;
        this.charset = charset;
        this.error = error;
    }
}
