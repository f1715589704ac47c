package io.sparknn.trainer.data;

import java.io.Serializable;
import java.util.List;

/**
 * One parsed unit as the driver sees it: its size, width, error and what it says about labels,
 * without its rows.
 *
 * @param classLabels     whether the rows carry class indices or class names (not regression targets)
 * @param labelNames      class names, sorted and distinct, when the rows have names; else null
 * @param firstRows       per name, the 0-based row where it first appears
 * @param firstLines      per name, the 1-based line of that row; null when the source has no lines
 * @param declaredLabels  the classes a header declared (scikit-learn CSV); else empty
 * @param maxLabel        the largest class index, -1 when none
 * @param firstLine       the 1-based line of the first row; -1 when there is none or the source has no lines
 */
public record PartSummary(
        int index,
        String source,
        int n,
        int width,
        DataException error,
        boolean classLabels,
        String[] labelNames,
        long[] firstRows,
        long[] firstLines,
        List<String> declaredLabels,
        int maxLabel,
        long skippedMalformed,
        List<String> skipReasons,
        long firstLine)
        implements Serializable {}
