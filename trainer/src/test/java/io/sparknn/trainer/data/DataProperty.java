package io.sparknn.trainer.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.SparknnException;
import io.sparknn.engine.fuzz.ReaderProperty;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * {@link ReaderProperty} for the data readers: kind BAD_DATA (exit 4), the message naming the file
 * and, when the error has one, the line, byte or row it states; allocation bounded by the content's
 * size (gunzipped, when it is gzip).
 */
final class DataProperty {
    /** The problems of a file as a whole, which no line or byte locates. */
    private static final Set<String> WHOLE_FILE = Set.of("holds no text");

    private DataProperty() {}

    /** Checks reading {@code bytes}, named {@code source}; {@code sources} are the names an error may give. */
    static void check(byte[] bytes, ReaderProperty.Read read, String... sources) {
        SparknnException e = ReaderProperty.check(SparknnException.Kind.BAD_DATA, "", contentBytes(bytes), read);
        if (e == null) {
            return;
        }
        DataException d = (DataException) e;
        String m = d.getMessage();
        boolean named = false;
        for (String s : sources) {
            named |= m.startsWith(s + " ") || m.startsWith(s + ":");
        }
        assertTrue(named, () -> "names none of the sources: " + ReaderProperty.escape(m));
        assertTrue(d.line() < 0 || m.contains("line " + d.line()), () -> "no line " + d.line() + " in: " + m);
        assertTrue(d.byteOffset() < 0 || m.contains("byte " + d.byteOffset()), () -> "no byte in: " + m);
        assertTrue(d.row() < 0 || m.contains("row " + d.row()), () -> "no row " + d.row() + " in: " + m);
        assertTrue(
                d.line() > 0 || d.byteOffset() >= 0 || d.row() > 0 || WHOLE_FILE.contains(d.problem()),
                () -> "not located: " + m);
    }

    /** The content's size: gunzipped when it is gzip (as far as it gunzips), else the bytes. */
    static long contentBytes(byte[] b) {
        long size = b.length;
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            long gunzipped = 0;
            try (InputStream z = new GZIPInputStream(new ByteArrayInputStream(b))) {
                byte[] chunk = new byte[1 << 16];
                for (int r; (r = z.read(chunk)) > 0; ) {
                    gunzipped += r;
                }
            } catch (IOException e) {
                // damaged gzip: what gunzipped before the damage counts
            }
            size = Math.max(size, gunzipped);
        }
        return size;
    }
}
