package io.sparknn.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** A message is one line whatever text it quotes (the fuzz tests found data and config text that broke it). */
class SparknnExceptionTest {
    private static final class Failure extends SparknnException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(Kind.BAD_DATA, message);
        }
    }

    @Test
    void lineBreaksAndControlCharactersAreWrittenAsEscapesATabAsItIs() {
        assertEquals(
                "a.csv line 2: 'x\\ny\\r\\u000C\\u001B[31m\\u0085\\u2028\\u2029\\u0000\tz' is not a number",
                new Failure("a.csv line 2: 'x\ny\r\f\u001B[31m\u0085\u2028\u2029\u0000\tz' is not a number")
                        .getMessage());
    }

    @Test
    void aMessageWithoutThemIsKeptAsItIs() {
        String m = "a.csv line 2: 'é 漢 😀' is not a number";
        assertSame(m, new Failure(m).getMessage());
    }
}
