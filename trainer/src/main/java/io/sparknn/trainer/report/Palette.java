package io.sparknn.trainer.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The page's look: the stylesheet ({@code report.css} beside this class, screen and print), whose
 * classes {@code c0} … {@code c7} colour the curves of runs and series in turn.
 */
final class Palette {
    /** How many curve colours there are; the ninth curve has the first one's. */
    static final int SIZE = 8;

    private static final String CSS = load();

    private Palette() {}

    static String css() {
        return CSS;
    }

    private static String load() {
        try (InputStream in = Palette.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException("report.css is missing from the trainer's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
