package io.sparknn.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;

/**
 * Whole UTF-8 texts (plain or gzipped, detected by content), for character-level language
 * models. Decoding is strict: malformed or overlong sequences, encoded surrogates and a sequence
 * cut off by the end of the file are errors that name the byte offset of the bad sequence (in
 * the gunzipped content for gzipped input) and its line; nothing is replaced. A leading byte
 * order mark (EF BB BF) is dropped, since it is not part of the text. Line ends are kept as
 * they are. A UTF-16 file ({@link Utf16Evidence}: a UTF-16 byte order mark, or NULs in many of
 * its first bytes) is an error that says to save it as UTF-8, as for CSV files.
 */
public final class TextReader {
    private static final int CHUNK = 1 << 16;

    private TextReader() {}

    /**
     * Reads the text at a Hadoop path on this machine (strict UTF-8, plain or gzipped:
     * {@link TextReader}): one file, or a directory's files in name order one after another (each
     * without its byte order mark; hidden, {@code _}-prefixed and empty files left out, as for the
     * other formats), cut to {@code maxChars} code points when > 0. A missing path is a data error
     * naming it; a file that cannot be read names the file. {@link DistributedText} reads the same
     * text on Spark's executors.
     */
    public static String readFile(String location, long maxChars, Configuration hadoop) throws IOException {
        StringBuilder all = new StringBuilder();
        for (scala.Tuple2<String, String> file : TextPart.files(location, hadoop)) {
            String one = TextPart.text(file._1(), file._2(), hadoop);
            if ((long) all.length() + one.length() > Integer.MAX_VALUE - 16) {
                throw DataException.of(location, "text longer than the 2^31 characters a Java string holds");
            }
            all.append(one);
        }
        String read = all.toString();
        if (read.isEmpty()) {
            throw DataException.of(location, "holds no text");
        }
        if (maxChars > 0 && read.codePointCount(0, read.length()) > maxChars) {
            read = read.substring(0, read.offsetByCodePoints(0, (int) maxChars));
        }
        return read;
    }

    /** The text of {@code in}; the caller opens and closes the stream. */
    public static String read(InputStream in, String source) throws IOException {
        try (DataInput data = DataInput.open(in, source)) {
            return read(data);
        }
    }

    private static String read(DataInput data) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] head = data.readNBytes(Utf16Evidence.HEAD);
        Utf16Evidence utf16 = Utf16Evidence.of(head, head.length);
        if (utf16 == Utf16Evidence.NUL_BYTES) {
            throw nulByte(data, head); // UTF-16 of ASCII text is valid UTF-8: it would be read as text full of NULs
        }
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK).put(head).flip();
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
                throw invalid(data, bytesBefore + bytes.position(), bytes, result.length(), eof, text, chars, utf16);
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

    /** The first NUL byte of {@code head}, located, with the hint to save the file as UTF-8. */
    private static DataException nulByte(DataInput data, byte[] head) {
        int at = 0;
        long line = 1;
        while (head[at] != 0) {
            line += head[at] == '\n' ? 1 : 0;
            at++;
        }
        return DataException.atByteOnLine(
                data.source, at, data.gzipped, line, "NUL byte" + Utf16Evidence.NUL_BYTES.hint());
    }

    private static DataException invalid(
            DataInput data,
            long offset,
            ByteBuffer bytes,
            int length,
            boolean eof,
            StringBuilder text,
            CharBuffer pending,
            Utf16Evidence utf16) {
        long line = 1;
        for (int i = 0; i < text.length(); i++) {
            line += text.charAt(i) == '\n' ? 1 : 0;
        }
        for (int i = 0; i < pending.position(); i++) {
            line += pending.get(i) == '\n' ? 1 : 0;
        }
        boolean cutOff = eof && bytes.position() + length == bytes.limit();
        String what = hex(bytes.array(), bytes.arrayOffset() + bytes.position(), length);
        return DataException.atByteOnLine(
                data.source,
                offset,
                data.gzipped,
                line,
                (cutOff ? "incomplete UTF-8 sequence at the end of the input: " + what : "invalid UTF-8: " + what)
                        + utf16.hint());
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
