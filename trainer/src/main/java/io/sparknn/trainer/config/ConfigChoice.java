package io.sparknn.trainer.config;

import java.util.Locale;

/**
 * A closed set of values a config key takes, written in the config as {@link #text()}: the enums
 * of this package implement it, so a choice is compared as a constant, never as a string, and
 * {@link ConfigNode#choice(String, Enum, Enum[])} names the allowed texts in its error.
 */
public interface ConfigChoice {
    /** The enum constant's name (every implementation is an enum). */
    String name();

    /** How the config writes it: the constant's name in lower case unless the enum says otherwise. */
    default String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
