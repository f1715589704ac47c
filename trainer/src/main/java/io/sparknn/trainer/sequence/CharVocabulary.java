package io.sparknn.trainer.sequence;

import io.sparknn.trainer.data.DataException;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The characters of a text as token ids: the sorted distinct Unicode code points of the text a
 * run reads (its training and held-out parts: {@link TextSplit}), id i = the i-th smallest.
 * Sorting makes the ids a function of the character set alone, so the same text always gives the
 * same ids. A character of another text (a sampling prompt) that is not in the vocabulary is an
 * error naming the source and its UTF-8 byte offset: there is no reserved "unknown" id, since a
 * model has no output for it.
 */
public final class CharVocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] codePoints;

    private CharVocabulary(int[] sortedDistinct) {
        this.codePoints = sortedDistinct;
    }

    /** The distinct code points of {@code text}, sorted. */
    public static CharVocabulary of(String text) {
        int[] cps = text.codePoints().sorted().distinct().toArray();
        if (cps.length == 0) {
            throw new IllegalArgumentException("cannot build a character vocabulary from an empty text");
        }
        return new CharVocabulary(cps);
    }

    /** A vocabulary with exactly these code points (any order; duplicates are an error). */
    public static CharVocabulary ofCodePoints(int[] codePoints) {
        int[] s = codePoints.clone();
        Arrays.sort(s);
        for (int i = 1; i < s.length; i++) {
            if (s[i] == s[i - 1]) {
                throw new IllegalArgumentException(String.format("code point U+%04X twice", s[i]));
            }
        }
        return new CharVocabulary(s);
    }

    public int size() {
        return codePoints.length;
    }

    /** The code points by id (a copy). */
    public int[] codePoints() {
        return codePoints.clone();
    }

    public int codePoint(int id) {
        return codePoints[id];
    }

    /** The id of a code point, or −1 when it is not in the vocabulary. */
    public int id(int codePoint) {
        int i = Arrays.binarySearch(codePoints, codePoint);
        return i >= 0 ? i : -1;
    }

    /**
     * The ids of {@code text}'s characters.
     *
     * @param source          names the text in errors (a file name)
     * @param firstByteOffset the UTF-8 byte offset of {@code text} in its source
     * @throws DataException  naming the source and byte offset of the first unknown character
     */
    public int[] encode(String text, String source, long firstByteOffset) {
        int[] out = new int[text.codePointCount(0, text.length())];
        long byteOffset = firstByteOffset;
        int j = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int id = id(cp);
            if (id < 0) {
                throw DataException.atByte(
                        source,
                        byteOffset,
                        "character U+" + String.format("%04X", cp) + " '"
                                + new String(Character.toChars(cp)) + "' is not in the vocabulary of the model's text ("
                                + size() + " characters)");
            }
            out[j++] = id;
            byteOffset += utf8Length(cp);
            i += Character.charCount(cp);
        }
        return out;
    }

    /** The text of these ids. */
    public String decode(int[] ids, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            sb.appendCodePoint(codePoints[ids[i]]);
        }
        return sb.toString();
    }

    static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}
