package io.sparknn.trainer.data;

import java.io.Serializable;

/**
 * Characters of a text from global offset {@code from} on, as vocabulary ids: what a file's task
 * sends to the partition that keeps a window or a stream ({@link DistributedText}).
 *
 * <p>A plain class, not a record: Spark's Kryo cannot create records.
 */
final class TextPiece implements Serializable {
    private static final long serialVersionUID = 1L;
    final long from;
    final int[] ids;

    TextPiece(long from, int[] ids) {
        this.from = from;
        this.ids = ids;
    }
}
