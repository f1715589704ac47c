package io.sparknn.trainer.run;

import io.sparknn.trainer.sequence.CharVocabulary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** How a text's character set differs from a run's: what a refused resume of a character model says. */
final class VocabularyDifference {
    /** Characters named one by one; beyond them only how many more. */
    private static final int LISTED = 5;

    private VocabularyDifference() {}

    /**
     * The characters one vocabulary has and the other lacks, e.g. "U+007A 'z' added, U+0041 'A'
     * gone", and why when every added one occurs only in the held-out tail: runs of older versions
     * built the vocabulary from the training part alone.
     */
    static String of(int[] before, CharVocabulary now, int[] validationOnly) {
        Set<Integer> was = new HashSet<>();
        for (int cp : before) {
            was.add(cp);
        }
        List<Integer> added = new ArrayList<>();
        for (int cp : now.codePoints()) {
            if (!was.contains(cp)) {
                added.add(cp);
            }
        }
        List<Integer> gone = new ArrayList<>();
        for (int cp : before) {
            if (now.id(cp) < 0) {
                gone.add(cp);
            }
        }
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add(listed(added) + " added");
        }
        if (!gone.isEmpty()) {
            parts.add(listed(gone) + " gone");
        }
        if (parts.isEmpty()) {
            return "the same characters in another order";
        }
        Set<Integer> tailOnly = new HashSet<>();
        for (int cp : validationOnly) {
            tailOnly.add(cp);
        }
        String why = !added.isEmpty() && tailOnly.containsAll(added)
                ? (added.size() == 1 ? "; it occurs" : "; they occur") + " only in the held-out tail, which runs of "
                        + "older versions left out of the vocabulary"
                : "";
        return String.join(", ", parts) + why;
    }

    /** "U+007A 'z'", "U+0041 'A' and U+007A 'z'", or the first few and how many more. */
    private static String listed(List<Integer> codePoints) {
        int shown = Math.min(codePoints.size(), LISTED);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            names.add(describe(codePoints.get(i)));
        }
        String more = codePoints.size() > shown ? " and " + (codePoints.size() - shown) + " more" : "";
        if (more.isEmpty() && shown > 1) {
            return String.join(", ", names.subList(0, shown - 1)) + " and " + names.get(shown - 1);
        }
        return String.join(", ", names) + more;
    }

    private static String describe(int cp) {
        String shown =
                Character.isISOControl(cp) || Character.isWhitespace(cp) ? "" : " '" + Character.toString(cp) + "'";
        return String.format("U+%04X", cp) + shown;
    }
}
