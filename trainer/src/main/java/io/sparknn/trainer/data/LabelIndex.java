package io.sparknn.trainer.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Class names to class indices and back. Index i is the i-th name in sorted order
 * ({@link String#compareTo}, i.e. by UTF-16 code unit, which is byte order for ASCII), so the
 * same set of names gives the same indices in every file, run and JVM, whatever order the rows
 * come in and whichever way the set was given. Build it from the labels seen in the data (all
 * files that must agree, e.g. training and test together) or from a declared set of classes;
 * {@link ParsedExamples#withLabelIndex} then rejects any label outside it, naming the line.
 */
public final class LabelIndex implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> names;
    private final Map<String, Integer> indices;

    private LabelIndex(List<String> names) {
        this.names = Collections.unmodifiableList(names);
        this.indices = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            indices.put(names.get(i), i);
        }
    }

    /** The distinct names of {@code labels} (duplicates allowed), sorted. */
    public static LabelIndex of(Collection<String> labels) {
        for (String label : labels) {
            if (label == null || label.isEmpty()) {
                throw new IllegalArgumentException("a class name cannot be null or empty");
            }
        }
        return new LabelIndex(new ArrayList<>(new TreeSet<>(labels)));
    }

    /** The declared set {@code classes}, sorted; a repeated name is an error. */
    public static LabelIndex declared(List<String> classes) {
        LabelIndex index = of(classes);
        if (index.size() != classes.size()) {
            throw new IllegalArgumentException("declared classes repeat a name: " + classes);
        }
        return index;
    }

    /** The index of {@code label}, or -1 when it is not one of the classes. */
    public int indexOf(String label) {
        Integer i = indices.get(label);
        return i == null ? -1 : i;
    }

    public String name(int index) {
        return names.get(index);
    }

    /** The names, index i at position i. */
    public List<String> names() {
        return names;
    }

    public int size() {
        return names.size();
    }

    /** The names for an error message, cut after the first ten. */
    String describe() {
        if (names.size() <= 10) {
            return names.toString();
        }
        return "[" + String.join(", ", names.subList(0, 10)) + ", ... (" + names.size() + " in all)]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelIndex other && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return "LabelIndex" + describe();
    }
}
