package io.sparknn.trainer.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A data set's units checked as a whole and laid out end to end: the first error in the units'
 * order, then every unit's width against the first's and its class names against the index.
 * Global ids number the examples in that order, so a unit's first id is the count before it.
 *
 * @param firstIds  per unit, the id of its first example
 * @param index     the class-name index, or null when the labels are not names
 * @param classes   number of classes (max label + 1, or the names); 0 when there are no labels
 */
public record PartsLayout(
        String source,
        long n,
        int width,
        long[] firstIds,
        LabelIndex index,
        int classes,
        List<String> labelNames,
        long skipped) {

    /** As {@link #of(String, List, List, boolean, int)} without a width to expect. */
    public static PartsLayout of(
            String location, List<PartSummary> summaries, List<String> knownLabels, boolean rowsSpanUnits) {
        return of(location, summaries, knownLabels, rowsSpanUnits, 0);
    }

    /**
     * @param summaries     the units in order
     * @param knownLabels   class names learnt from the training data (null or empty for the training data)
     * @param rowsSpanUnits whether the units are slices of one table whose rows are numbered across them
     * @param expectedWidth the network's input width (0 = unknown): when files differ in width, the
     *                      first one without it is named, beside the first one with it
     */
    public static PartsLayout of(
            String location,
            List<PartSummary> summaries,
            List<String> knownLabels,
            boolean rowsSpanUnits,
            int expectedWidth) {
        if (summaries.isEmpty()) {
            throw DataException.atByte(location, 0, "no data files");
        }
        // one pass in the units' order, so the first problem in the data set is the one reported
        List<PartSummary> whole =
                summaries.stream().filter(s -> s.error() == null).toList();
        LabelIndex index = labelIndex(whole, knownLabels);
        // a table's slices may be empty: the width to match is that of the first row
        PartSummary first = whole.stream()
                .filter(s -> !rowsSpanUnits || s.n() > 0)
                .findFirst()
                .orElse(null);
        // files: a first file of the wrong width must not make every right one look wrong
        PartSummary reference = rowsSpanUnits || expectedWidth <= 0 || first == null
                ? first
                : whole.stream()
                        .filter(s -> s.width() == expectedWidth)
                        .findFirst()
                        .orElse(first);
        long[] firstIds = new long[summaries.size()];
        long next = 0;
        long skipped = 0;
        int maxLabel = -1;
        for (PartSummary s : summaries) {
            if (s.error() != null) {
                throw rowsSpanUnits ? s.error().rowsAfter(next) : s.error();
            }
            firstIds[s.index()] = next;
            if (!(rowsSpanUnits && s.n() == 0) && s.width() != reference.width()) {
                String problem = "rows have " + s.width() + " features where " + reference.source() + " has "
                        + reference.width();
                throw rowsSpanUnits
                        ? DataException.atRow(
                                location,
                                next + 1,
                                "has " + s.width() + " features where the rows before it have " + first.width())
                        : s.firstLine() > 0
                                ? DataException.atLine(s.source(), s.firstLine(), problem)
                                : DataException.atByte(s.source(), 0, problem);
            }
            if (index != null && s.labelNames() != null) {
                checkDeclared(s, index, rowsSpanUnits ? next : 0);
            }
            next += s.n();
            skipped += s.skippedMalformed();
            maxLabel = Math.max(maxLabel, s.maxLabel());
        }
        if (next == 0) {
            throw rowsSpanUnits
                    ? DataException.of(location, "no rows")
                    : DataException.atByte(location, 0, "no examples");
        }
        List<String> names = index != null ? index.names() : first.declaredLabels();
        int classes = !first.classLabels() ? 0 : Math.max(names.size(), maxLabel + 1);
        return new PartsLayout(location, next, reference.width(), firstIds, index, classes, names, skipped);
    }

    /** The name that appears first among those the index does not hold is an error naming its line or row. */
    private static void checkDeclared(PartSummary s, LabelIndex index, long rowsBefore) {
        int worst = -1;
        for (int i = 0; i < s.labelNames().length; i++) {
            if (index.indexOf(s.labelNames()[i]) < 0 && (worst < 0 || s.firstRows()[i] < s.firstRows()[worst])) {
                worst = i;
            }
        }
        if (worst >= 0) {
            String problem = ParsedExamples.notDeclared(s.labelNames()[worst], index);
            throw s.firstLines() != null
                    ? DataException.atLine(s.source(), s.firstLines()[worst], problem)
                    : DataException.atRow(s.source(), rowsBefore + s.firstRows()[worst] + 1, problem);
        }
    }

    /**
     * The index of the names in the data: the classes known from the training data, else those a
     * header declares, else every name seen in any unit.
     */
    private static LabelIndex labelIndex(List<PartSummary> summaries, List<String> knownLabels) {
        if (summaries.stream().noneMatch(s -> s.labelNames() != null)) {
            return null;
        }
        if (knownLabels != null && !knownLabels.isEmpty()) {
            return LabelIndex.declared(knownLabels);
        }
        for (PartSummary s : summaries) {
            if (s.labelNames() != null && !s.declaredLabels().isEmpty()) {
                return LabelIndex.declared(s.declaredLabels());
            }
        }
        List<String> all = new ArrayList<>();
        for (PartSummary s : summaries) {
            if (s.labelNames() != null) {
                all.addAll(List.of(s.labelNames()));
            }
        }
        return LabelIndex.of(all);
    }
}
