package io.sparknn.trainer.data;

import static io.sparknn.trainer.data.Inputs.bytes;
import static io.sparknn.trainer.data.Inputs.fails;
import static io.sparknn.trainer.data.Inputs.gzip;
import static io.sparknn.trainer.data.Inputs.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TextReaderTest {
    @Test
    void plainAndGzippedUtf8() throws IOException {
        String s = "Hacker\u2019s d\u00e9j\u00e0 vu \uD83D\uDE00\r\nline 2\n";
        assertEquals(s, TextReader.read(bytes(utf8(s)), "t.txt"));
        assertEquals(s, TextReader.read(bytes(gzip(utf8(s))), "t.txt.gz"));
    }

    @Test
    void longTextAcrossManyChunksWithMultiByteCharactersOnTheBoundaries() throws IOException {
        String s = "\u00e9\u20ac\uD83D\uDE00a".repeat(40_000); // 2 + 3 + 4 + 1 bytes, 400 KB
        assertEquals(s, TextReader.read(bytes(gzip(utf8(s))), "long.txt.gz"));
    }

    @Test
    void byteOrderMarkIsDropped() throws IOException {
        assertEquals(
                "abc",
                TextReader.read(bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', 'b', 'c'}), "b.txt"));
    }

    @Test
    void emptyTextIsEmpty() throws IOException {
        assertEquals("", TextReader.read(bytes(new byte[0]), "e.txt"));
    }

    @Test
    void loneLeadByteAtByte10() {
        byte[] b = utf8("abcd\nefghi_xyz");
        b[10] = (byte) 0xC3; // followed by 'x', not a continuation byte
        DataException e =
                fails("bad.txt byte 10 (line 2): invalid UTF-8: byte C3", () -> TextReader.read(bytes(b), "bad.txt"));
        assertEquals(10, e.byteOffset());
        assertEquals(2, e.line());
    }

    @Test
    void overlongEncodingOfSlash() {
        byte[] b = utf8("0123456789ab");
        b[7] = (byte) 0xC0; // C0 AF: overlong '/'
        b[8] = (byte) 0xAF;
        fails("o.txt byte 7 (line 1): invalid UTF-8: byte C0", () -> TextReader.read(bytes(b), "o.txt"));
    }

    @Test
    void encodedSurrogate() {
        byte[] b = {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'b'};
        fails("s.txt byte 1 (line 1): invalid UTF-8: bytes ED A0 80", () -> TextReader.read(bytes(b), "s.txt"));
    }

    @Test
    void badByteDeepInAGzippedTextIsLocatedInTheGunzippedContent() {
        byte[] b = utf8("x\n".repeat(100_000));
        b[150_001] = (byte) 0xFF;
        fails(
                "big.txt.gz byte 150001 of the gunzipped content (line 75001): invalid UTF-8: byte FF",
                () -> TextReader.read(bytes(gzip(b)), "big.txt.gz"));
    }

    @Test
    void sequenceCutOffByTheEnd() {
        byte[] b = Arrays.copyOf(utf8("ok \u20ac"), 5); // E2 82 of E2 82 AC
        fails(
                "c.txt byte 3 (line 1): incomplete UTF-8 sequence at the end of the input: bytes E2 82",
                () -> TextReader.read(bytes(b), "c.txt"));
    }

    @Test
    void utf16WithAByteOrderMarkInEitherOrderSaysToSaveItAsUtf8() {
        String hint = " (the file starts with a UTF-16 byte order mark: save it as UTF-8)";
        byte[] le = "\uFEFFdéjà vu\n".getBytes(StandardCharsets.UTF_16LE);
        fails("le.txt byte 0 (line 1): invalid UTF-8: byte FF" + hint, () -> TextReader.read(bytes(le), "le.txt"));
        byte[] be = "\uFEFFdéjà vu\n".getBytes(StandardCharsets.UTF_16BE);
        fails(
                "be.txt.gz byte 0 of the gunzipped content (line 1): invalid UTF-8: byte FE" + hint,
                () -> TextReader.read(bytes(gzip(be)), "be.txt.gz"));
    }

    @Test
    void utf16WithoutAByteOrderMarkIsValidUtf8FullOfNulsAndSaysSoAtTheFirstNul() {
        String hint = " (a quarter or more of its first bytes are NUL, as in UTF-16 text: save it as UTF-8)";
        byte[] be = "ab\ncd\n".repeat(1000).getBytes(StandardCharsets.UTF_16BE);
        fails("be.txt byte 0 (line 1): NUL byte" + hint, () -> TextReader.read(bytes(be), "be.txt"));
        byte[] le = "\nab".getBytes(StandardCharsets.UTF_16LE); // 0A 00 61 00 62 00
        fails("le.txt byte 1 (line 2): NUL byte" + hint, () -> TextReader.read(bytes(le), "le.txt"));
    }

    @Test
    void aFewNulsInUtf8TextAreText() throws IOException {
        String s = "a\0b" + "x".repeat(10);
        assertEquals(s, TextReader.read(bytes(utf8(s)), "n.txt"));
    }
}
