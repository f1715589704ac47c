package io.sparknn.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whole UTF-8 texts (plain or gzipped, detected by content), for character-level language
 * models. Decoding is strict: malformed or overlong sequences, encoded surrogates and a sequence
 * cut off by the end of the file are errors that name the byte offset of the bad sequence (in
 * the gunzipped content for gzipped input) and its line; nothing is replaced. A leading byte
 * order mark (EF BB BF) is dropped, since it is not part of the text. Line ends are kept as
 * they are.
 */
public final class TextReader {
    private static final int CHUNK = 1 << 16;

    private TextReader() {
    }

    /** The text of {@code in}; the caller opens and closes the stream. */
    public static String read(InputStream in, String source) throws IOException {
        try (DataInput data = DataInput.open(in, source)) {
            return read(data);
        }
    }

    private static String read(DataInput data) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK).flip();
        CharBuffer chars = CharBuffer.allocate(CHUNK);
        StringBuilder text = new StringBuilder();
        long bytesBefore = 0; // content offset of bytes[0]
        boolean eof = false;
        while (true) {
            if (!eof) {
                bytesBefore += bytes.position();
                bytes.compact();
                int n = data.read(bytes.array(), bytes.position(), bytes.remaining());
                eof = n < 0;
                bytes.position(bytes.position() + Math.max(n, 0)).flip();
            }
            CoderResult result = decoder.decode(bytes, chars, eof);
            if (result.isError()) {
                throw invalid(data, bytesBefore + bytes.position(), bytes, result.length(), eof, text, chars);
            }
            drain(chars, text, data);
            if (eof && result.isUnderflow()) {
                break;
            }
        }
        decoder.flush(chars);
        drain(chars, text, data);
        if (text.length() > 0 && text.charAt(0) == '\uFEFF') {
            text.deleteCharAt(0);
        }
        return text.toString();
    }

    private static void drain(CharBuffer chars, StringBuilder text, DataInput data) {
        chars.flip();
        if ((long) text.length() + chars.remaining() > Integer.MAX_VALUE - 16) {
            throw data.errorAt(data.position(), "text longer than the 2^31 characters a Java string holds");
        }
        text.append(chars);
        chars.clear();
    }

    private static DataException invalid(DataInput data, long offset, ByteBuffer bytes, int length, boolean eof,
                                         StringBuilder text, CharBuffer pending) {
        long line = 1;
        for (int i = 0; i < text.length(); i++) {
            line += text.charAt(i) == '\n' ? 1 : 0;
        }
        for (int i = 0; i < pending.position(); i++) {
            line += pending.get(i) == '\n' ? 1 : 0;
        }
        boolean cutOff = eof && bytes.position() + length == bytes.limit();
        String what = hex(bytes.array(), bytes.position(), length);
        return DataException.atByteOnLine(data.source, offset, data.gzipped, line,
                cutOff ? "incomplete UTF-8 sequence at the end of the input: " + what : "invalid UTF-8: " + what);
    }

    /** "bytes C3 28" style rendering of a malformed sequence. */
    static String hex(byte[] b, int from, int length) {
        StringBuilder s = new StringBuilder(length == 1 ? "byte" : "bytes");
        for (int i = from; i < from + length && i < b.length; i++) {
            s.append(String.format(" %02X", b[i] & 0xff));
        }
        return s.toString();
    }
}
