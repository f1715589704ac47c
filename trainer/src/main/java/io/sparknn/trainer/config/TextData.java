package io.sparknn.trainer.config;

/**
 * The text of a character language model ({@code data.format: text}): one UTF-8 file, plain or
 * gzipped, whose last {@code validation_fraction} of characters is held out, cut into windows of
 * {@code window} characters (each predicting the next character at every position).
 *
 * @param maxChars            read at most this many characters (0: all)
 * @param stride              sliding mode: a window starts every {@code stride} characters
 * @param mode                sliding (shuffled windows, zero state) or stateful (streams, state carried)
 * @param validationFraction  share of the text held out at its end for validation bits per character
 */
public record TextData(
        String train, long maxChars, int window, int stride, SequenceMode mode, double validationFraction)
        implements DataSource {
    @Override
    public DataFormat format() {
        return DataFormat.TEXT;
    }
}
