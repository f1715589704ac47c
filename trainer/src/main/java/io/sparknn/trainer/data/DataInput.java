package io.sparknn.trainer.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The content of a source: gunzipped when its first two bytes are the gzip magic (1f 8b),
 * whatever the file is called, as is otherwise. Counts the content bytes read so parsers can
 * locate problems, and turns corrupt or truncated gzip data into a {@link DataException} at
 * the offset reached. Closing it releases the inflater but leaves the caller's stream open: the
 * caller opened it and closes it.
 */
final class DataInput extends FilterInputStream {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    final String source;
    final boolean gzipped;
    private long position;

    private DataInput(InputStream in, String source, boolean gzipped) {
        super(in);
        this.source = source;
        this.gzipped = gzipped;
    }

    static DataInput open(InputStream raw, String source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(
                new FilterInputStream(raw) {
                    @Override
                    public void close() {
                        // the caller's stream: the caller closes it
                    }
                },
                1 << 16);
        in.mark(2);
        byte[] head = in.readNBytes(2);
        in.reset();
        boolean gzipped = head.length == 2 && (head[0] & 0xff) == GZIP_MAGIC_1 && (head[1] & 0xff) == GZIP_MAGIC_2;
        if (!gzipped) {
            return new DataInput(in, source, false);
        }
        try {
            return new DataInput(new GZIPInputStream(in, 1 << 16), source, true);
        } catch (ZipException | EOFException e) {
            throw DataException.atByte(source, 0, false, "corrupt gzip header: " + e.getMessage(), e);
        }
    }

    /** Bytes of content (gunzipped when gzipped) read so far. */
    long position() {
        return position;
    }

    /** A problem at {@code offset} of the content, stated as gunzipped when it is. */
    DataException errorAt(long offset, String problem) {
        return DataException.atByte(source, offset, gzipped, problem, null);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (ZipException e) {
            throw gzipError("corrupt gzip data: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw gzipError("truncated gzip data: " + e.getMessage(), e);
        }
        if (n > 0) {
            position += n;
        }
        return n;
    }

    /** A gzip failure as a located DataException; a raw stream's own exception is rethrown as is. */
    private <E extends IOException> E gzipError(String problem, E cause) {
        if (gzipped) {
            throw DataException.atByte(source, position, true, problem, cause);
        }
        return cause;
    }

    /** Skips by reading, so that the position stays exact. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(n - skipped, buffer.length));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
