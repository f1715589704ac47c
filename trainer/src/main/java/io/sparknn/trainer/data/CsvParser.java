package io.sparknn.trainer.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/** One pass over a CSV source under a {@link CsvFormat}; see there for the rules. */
final class CsvParser {
    private final CsvFormat format;
    private final String source;
    private final LineReader lines;
    private final RowsBuilder rows;

    // Fields of the current line: [starts[k], ends[k]) of the line, quoted[k] if it was quoted.
    private String line;
    private long lineNumber;
    private int fieldCount;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] quoted = new boolean[16];

    private int columns = -1;
    private int labelColumn;
    private float[] row;
    private String[] columnNames;
    private long declaredRows = -1;
    private List<String> classNames = List.of();
    private int classLimit;
    private long dataLines;

    CsvParser(CsvFormat format, DataInput in) {
        this.format = format;
        this.source = in.source;
        this.lines = new LineReader(in);
        this.rows = new RowsBuilder(source, format.labelKind());
        this.classLimit = format.classes();
    }

    ParsedExamples parse() throws IOException {
        if (format.header() != CsvFormat.Header.NONE) {
            readHeader();
        }
        while (next()) {
            if (line.isBlank()) {
                rows.skipBlank();
                continue;
            }
            dataLines++;
            try {
                split();
                if (columns < 0) {
                    fixColumns(fieldCount);
                }
                parseRow();
            } catch (DataException e) {
                if (!format.skipMalformed()) {
                    throw e;
                }
                rows.skipMalformed(e);
            }
        }
        checkEnd();
        int width = Math.max(format.labelKind() == LabelKind.NONE ? columns : columns - 1, 0);
        return rows.build(width, new int[] {width}, classNames);
    }

    private boolean next() throws IOException {
        line = lines.next();
        lineNumber = lines.lineNumber();
        return line != null;
    }

    private DataException error(String problem) {
        return DataException.atLine(source, lineNumber, problem);
    }

    private void readHeader() throws IOException {
        if (!next()) {
            throw DataException.atLine(source, 1, "empty file: expected a header line");
        }
        if (line.isBlank()) {
            throw error(
                    "expected a " + format.header().name().toLowerCase(Locale.ROOT) + " header, found a blank line");
        }
        split();
        if (format.header() == CsvFormat.Header.NAMES) {
            columnNames = new String[fieldCount];
            for (int k = 0; k < fieldCount; k++) {
                columnNames[k] = text(k);
            }
            fixColumns(fieldCount);
        } else {
            readSklearnHeader();
        }
    }

    /** {@code rows,features[,class names...]}. */
    private void readSklearnHeader() {
        if (fieldCount < 2) {
            throw error("expected a scikit-learn header 'rows,features[,class names...]', got '" + line + "'");
        }
        declaredRows = headerCount(0, "row count", 0);
        long features = headerCount(1, "feature count", 1);
        List<String> names = new ArrayList<>();
        for (int k = 2; k < fieldCount; k++) {
            names.add(text(k));
        }
        if (format.labelKind() == LabelKind.CLASS_INDEX && !names.isEmpty()) {
            if (classLimit != 0 && classLimit != names.size()) {
                throw error("the header names " + names.size() + " classes " + names + " but the format declares "
                        + classLimit);
            }
            classNames = names;
            classLimit = names.size();
        }
        if (format.labelKind() == LabelKind.STRING && !names.isEmpty()) {
            // the declared classes, which the reader indexes the names against (not checked here: a
            // reader of unlabelled rows reads whatever the label column holds as a string)
            if (new HashSet<>(names).size() != names.size()) {
                throw error("the header repeats a class name: " + names);
            }
            classNames = names;
        }
        fixColumns((int) features + 1);
    }

    private long headerCount(int k, String what, long min) {
        String t = text(k);
        long value;
        try {
            value = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw error("scikit-learn header 'rows,features[,class names...]': '" + t + "' is not a " + what);
        }
        if (value < min || value > Integer.MAX_VALUE - 16) {
            throw error(
                    "scikit-learn header 'rows,features[,class names...]': " + what + " " + value + " is out of range");
        }
        return value;
    }

    private void fixColumns(int count) {
        if (format.labelKind() == LabelKind.NONE) {
            columns = count;
            labelColumn = -1;
            return;
        }
        int label = format.labelColumn() < 0 ? count + format.labelColumn() : format.labelColumn();
        if (label < 0 || label >= count) {
            throw error("label column " + format.labelColumn() + " does not exist in " + count + " columns");
        }
        if (count < 2) {
            throw error("a line needs at least one feature column besides the label, got " + count + " column");
        }
        columns = count;
        labelColumn = label;
    }

    private void parseRow() {
        if (fieldCount != columns) {
            throw error("expected " + columns + " columns, got " + fieldCount);
        }
        if (row == null) {
            // sized by a line that has the columns, not by a header's count: "3,1000000000" allocates nothing
            row = new float[labelColumn < 0 ? columns : columns - 1];
        }
        int j = 0;
        for (int k = 0; k < columns; k++) {
            if (k == labelColumn) {
                continue;
            }
            try {
                row[j++] = Values.finiteFloat(line, starts[k], ends[k]);
            } catch (NumberFormatException e) {
                throw error(column(k) + ": " + e.getMessage());
            }
        }
        int classLabel = 0;
        String name = null;
        float target = 0;
        try {
            switch (format.labelKind()) {
                case CLASS_INDEX -> classLabel = classIndex();
                case STRING -> name = className();
                case FLOAT -> target = Values.finiteFloat(line, starts[labelColumn], ends[labelColumn]);
                case NONE -> {}
            }
        } catch (NumberFormatException e) {
            throw error(column(labelColumn) + ": " + e.getMessage());
        }
        rows.add(row, row.length, classLabel, name, target, lineNumber);
    }

    private int classIndex() {
        int label = Values.classIndex(text(labelColumn));
        if (classLimit > 0 && label >= classLimit) {
            String declared = classNames.isEmpty()
                    ? "the format declares " + classLimit + " classes"
                    : "the header on line 1 declares " + classLimit + " classes " + classNames;
            throw new NumberFormatException("label " + label + " is out of range: " + declared);
        }
        return label;
    }

    private String className() {
        String name = text(labelColumn);
        if (name.isEmpty()) {
            throw new NumberFormatException("empty label");
        }
        return name;
    }

    private String column(int k) {
        String name = columnNames != null && k < columnNames.length && !columnNames[k].isEmpty()
                ? " (" + columnNames[k] + ")"
                : "";
        return "column " + (k + 1) + name;
    }

    private void checkEnd() {
        if (rows.rows() > 0) {
            if (declaredRows >= 0 && declaredRows != rows.rows() + rows.skippedMalformed()) {
                throw DataException.atLine(
                        source,
                        1,
                        "the scikit-learn header declares " + declaredRows + " rows, the file has "
                                + (rows.rows() + rows.skippedMalformed()));
            }
            return;
        }
        long end = lines.lineNumber() + 1;
        if (lines.lineNumber() == 0) {
            throw DataException.atLine(source, 1, "empty file");
        }
        if (dataLines == 0) {
            throw DataException.atLine(
                    source,
                    end,
                    format.header() == CsvFormat.Header.NONE
                            ? "no data rows, only blank lines"
                            : "no data rows after the header on line 1");
        }
        throw DataException.atLine(
                source,
                end,
                "no data rows: all " + dataLines + " data lines were malformed; the first: " + rows.firstSkipReason());
    }

    /** Splits {@link #line} at the delimiter, honouring double quotes. */
    private void split() {
        char d = format.delimiter();
        int length = line.length();
        int i = 0;
        fieldCount = 0;
        while (true) {
            if (fieldCount == starts.length) {
                starts = Arrays.copyOf(starts, 2 * fieldCount);
                ends = Arrays.copyOf(ends, 2 * fieldCount);
                quoted = Arrays.copyOf(quoted, 2 * fieldCount);
            }
            int first = i;
            while (first < length && line.charAt(first) == ' ') {
                first++;
            }
            int next;
            if (first < length && line.charAt(first) == '"') {
                next = splitQuoted(first, d);
            } else {
                int at = line.indexOf(d, i);
                next = at < 0 ? length : at;
                starts[fieldCount] = i;
                ends[fieldCount] = next;
                quoted[fieldCount] = false;
            }
            fieldCount++;
            if (next >= length) {
                return;
            }
            i = next + 1;
        }
    }

    /** A quoted field opening at {@code open}; returns the index of the delimiter after it (or the line's length). */
    private int splitQuoted(int open, char d) {
        int length = line.length();
        int i = open + 1;
        while (true) {
            int close = line.indexOf('"', i);
            if (close < 0) {
                throw error(column(fieldCount) + ": unterminated quote (a field cannot span lines)");
            }
            if (close + 1 < length && line.charAt(close + 1) == '"') {
                i = close + 2;
                continue;
            }
            starts[fieldCount] = open + 1;
            ends[fieldCount] = close;
            quoted[fieldCount] = true;
            int after = close + 1;
            while (after < length && line.charAt(after) == ' ') {
                after++;
            }
            if (after < length && line.charAt(after) != d) {
                throw error(column(fieldCount) + ": text after the closing quote");
            }
            return after;
        }
    }

    /** Field k's text: trimmed, or unquoted as is. */
    private String text(int k) {
        String t = line.substring(starts[k], ends[k]);
        return quoted[k] ? t.replace("\"\"", "\"") : t.strip();
    }
}
