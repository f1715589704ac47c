package io.sparknn.trainer.sequence;

import io.sparknn.trainer.data.DataException;

/**
 * A text cut into a training span (the first part) and a contiguous held-out validation span (the
 * last {@code validationFraction} of its characters), both as ids of the training span's
 * vocabulary. Held-out text is never inside any training window, unlike windows sampled at random.
 */
public record TextSplit(CharVocabulary vocabulary, int[] train, int[] validation) {

    /**
     * @param validationFraction in [0, 1): the share of code points held out at the end
     * @throws DataException when validation holds a character the training span lacks (names the byte offset)
     */
    public static TextSplit of(String text, String source, double validationFraction) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation_fraction must be in [0, 1), got " + validationFraction);
        }
        int chars = text.codePointCount(0, text.length());
        int held = (int) Math.floor(chars * validationFraction);
        int cut = text.offsetByCodePoints(0, chars - held);
        String trainText = text.substring(0, cut);
        CharVocabulary v = CharVocabulary.of(trainText);
        int[] train = v.encode(trainText, source, 0);
        long cutByte = trainText.codePoints().mapToLong(CharVocabulary::utf8Length).sum();
        int[] val = v.encode(text.substring(cut), source, cutByte);
        return new TextSplit(v, train, val);
    }
}
