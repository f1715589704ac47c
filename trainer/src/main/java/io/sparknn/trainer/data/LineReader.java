package io.sparknn.trainer.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines of a {@link DataInput}, ended by LF or CRLF, decoded as strict UTF-8 one line at a time
 * so that invalid UTF-8 is reported at its exact line and byte offset (a decoder reading ahead
 * in blocks would lose both). Splitting bytes at LF is safe in UTF-8: 0x0A never occurs inside
 * a multi-byte sequence.
 */
final class LineReader {
    private final DataInput in;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private long bufferStart;
    private byte[] line = new byte[256];
    private long lineNumber;
    private long lineStart;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    LineReader(DataInput in) {
        this.in = in;
    }

    /** The 1-based number of the line last returned (0 before the first). */
    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator, or null at the end of the input. */
    String next() throws IOException {
        int length = 0;
        boolean any = false;
        lineStart = bufferStart + pos;
        while (true) {
            if (pos == limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            int end = indexOfNewline(buffer, pos, limit);
            int stop = end < 0 ? limit : end;
            length = append(length, stop);
            pos = end < 0 ? limit : end + 1;
            if (end >= 0) {
                break;
            }
        }
        lineNumber++;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (lineNumber == 1 && startsWithBom(length)) {
            // Excel and Notepad write UTF-8 with a byte order mark: it is no part of the first value
            System.arraycopy(line, 3, line, 0, length - 3);
            length -= 3;
            lineStart += 3;
        }
        return decode(length);
    }

    private boolean startsWithBom(int length) {
        return length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF;
    }

    private boolean fill() throws IOException {
        bufferStart += limit;
        pos = 0;
        limit = 0;
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        limit = n;
        return true;
    }

    private static int indexOfNewline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int append(int length, int stop) {
        int count = stop - pos;
        if (length + count > line.length) {
            if ((long) length + count > Integer.MAX_VALUE - 16) {
                throw DataException.atLine(in.source, lineNumber + 1, "line longer than 2 GB");
            }
            line = Arrays.copyOf(line, Math.max(length + count, (int)
                    Math.min(Integer.MAX_VALUE - 16, 2L * line.length)));
        }
        System.arraycopy(buffer, pos, line, length, count);
        return length + count;
    }

    private String decode(int length) {
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            ascii = line[i] >= 0;
        }
        if (ascii) {
            return new String(line, 0, length, StandardCharsets.ISO_8859_1);
        }
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        CharBuffer chars = CharBuffer.allocate(length);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isError()) {
            int at = bytes.position();
            // the first line is the file's start, what the UTF-16 detection looks at
            Utf16Evidence utf16 = lineNumber == 1 ? Utf16Evidence.of(line, length) : Utf16Evidence.NONE;
            throw DataException.atByteOnLine(
                    in.source,
                    lineStart + at,
                    in.gzipped,
                    lineNumber,
                    "invalid UTF-8: " + TextReader.hex(line, at, result.length()) + utf16.hint());
        }
        decoder.flush(chars);
        return chars.flip().toString();
    }
}
