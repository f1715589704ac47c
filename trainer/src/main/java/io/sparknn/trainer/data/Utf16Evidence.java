package io.sparknn.trainer.data;

/**
 * What shows that bytes read as UTF-8 are the start of a UTF-16 file (Windows' "Unicode" text),
 * and the hint that goes with the error they cause: a byte order mark (FF FE or FE FF, neither of
 * which is valid UTF-8), or NUL bytes in a quarter or more of the first bytes (UTF-16 writes
 * ASCII characters as a 00 byte and the character, which is valid UTF-8 full of NULs; real UTF-8
 * text has next to none). The one detection for every reader of text files.
 */
enum Utf16Evidence {
    NONE(""),
    BYTE_ORDER_MARK(" (the file starts with a UTF-16 byte order mark: save it as UTF-8)"),
    NUL_BYTES(" (a quarter or more of its first bytes are NUL, as in UTF-16 text: save it as UTF-8)");

    /** How many of the first bytes are looked at for NULs. */
    static final int HEAD = 1024;

    private final String hint;

    Utf16Evidence(String hint) {
        this.hint = hint;
    }

    /** What {@code head[0, length)}, the first bytes of a file (or as many as it has), show. */
    static Utf16Evidence of(byte[] head, int length) {
        if (length >= 2
                && (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE
                        || head[0] == (byte) 0xFE && head[1] == (byte) 0xFF)) {
            return BYTE_ORDER_MARK;
        }
        int looked = Math.min(length, HEAD);
        int nul = 0;
        for (int i = 0; i < looked; i++) {
            nul += head[i] == 0 ? 1 : 0;
        }
        return nul > 0 && 4L * nul >= looked ? NUL_BYTES : NONE;
    }

    /** " (… save it as UTF-8)" to append to the error's message; empty for {@link #NONE}. */
    String hint() {
        return hint;
    }
}
