package io.sparknn.trainer.sequence;

import java.util.Arrays;

/**
 * A text cut into a training span (the first part) and a contiguous held-out validation span (the
 * last {@code validationFraction} of its characters), both as ids of the whole text's vocabulary.
 * Held-out text is never inside any training window, unlike windows sampled at random. The
 * vocabulary takes the held-out span's characters too: a character that only the tail holds is
 * valid text, which the model scores (badly: it never trained on it) rather than refuses. For a
 * text whose tail holds no such character it is the training span's vocabulary, id for id.
 */
public record TextSplit(CharVocabulary vocabulary, int[] train, int[] validation) {

    /** @param validationFraction in [0, 1): the share of code points held out at the end */
    public static TextSplit of(String text, String source, double validationFraction) {
        int chars = text.codePointCount(0, text.length());
        int held = (int) heldOut(chars, validationFraction);
        int cut = text.offsetByCodePoints(0, chars - held);
        String trainText = text.substring(0, cut);
        CharVocabulary v = CharVocabulary.of(text);
        // each span encoded on its own: one int per character in all, not a copy of the whole text's ids besides
        int[] train = v.encode(trainText, source, 0);
        long cutByte =
                trainText.codePoints().mapToLong(CharVocabulary::utf8Length).sum();
        int[] val = v.encode(text.substring(cut), source, cutByte);
        return new TextSplit(v, train, val);
    }

    /**
     * The characters held out at the end of a text of {@code chars} characters: the last
     * ⌊chars · validationFraction⌋, however the text is read.
     *
     * @param validationFraction in [0, 1)
     */
    public static long heldOut(long chars, double validationFraction) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation_fraction must be in [0, 1), got " + validationFraction);
        }
        return (long) Math.floor(chars * validationFraction);
    }

    /** The code points, ascending, that occur in the validation span and nowhere in the training span. */
    public int[] validationOnly() {
        boolean[] trained = new boolean[vocabulary.size()];
        for (int id : train) {
            trained[id] = true;
        }
        boolean[] held = new boolean[vocabulary.size()];
        for (int id : validation) {
            held[id] = !trained[id];
        }
        int[] only = new int[vocabulary.size()];
        int n = 0;
        for (int id = 0; id < held.length; id++) {
            if (held[id]) {
                only[n++] = vocabulary.codePoint(id);
            }
        }
        return Arrays.copyOf(only, n);
    }
}
