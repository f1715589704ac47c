package io.sparknn.trainer.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * The data sets shipped inside the trainer jar, so that a first run needs no download:
 * {@code /data/digits.csv.gz}, UCI optdigits as shipped by scikit-learn (1,797 8x8 digits, pixel
 * values 0..16, labels 0..9; CC BY 4.0, E. Alpaydin and C. Kaynak, see
 * {@code /data/LICENSE-digits.txt}).
 */
public final class EmbeddedData {
    public static final String DIGITS_RESOURCE = "/data/digits.csv.gz";

    private EmbeddedData() {}

    /** The digits: 1,797 rows of 64 features with class labels 0..9. */
    public static ParsedExamples digits() throws IOException {
        try (InputStream in = EmbeddedData.class.getResourceAsStream(DIGITS_RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + DIGITS_RESOURCE + " is missing from the classpath");
            }
            return CsvFormat.defaults().withClasses(10).parse(in, "digits.csv.gz (embedded)");
        }
    }
}
