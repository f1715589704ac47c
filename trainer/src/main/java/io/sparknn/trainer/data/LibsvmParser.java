package io.sparknn.trainer.data;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** One pass over a LIBSVM source under a {@link LibsvmFormat}; see there for the rules. */
final class LibsvmParser {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final LibsvmFormat format;
    private final String source;
    private final LineReader lines;
    private final RowsBuilder rows;

    private String line;
    private long lineNumber;
    private int tokenNumber;
    private String token;

    // The current row's entries, then all rows' entries: row r holds [rowEnds[r-1], rowEnds[r]).
    private int[] rowIndices = new int[64];
    private float[] rowValues = new float[64];
    private int rowEntries;
    private int[] indices = new int[1024];
    private float[] values = new float[1024];
    private int entries;
    private int[] rowEnds = new int[64];
    private int maxIndex;
    private long dataLines;

    LibsvmParser(LibsvmFormat format, DataInput in) {
        this.format = format;
        this.source = in.source;
        this.lines = new LineReader(in);
        this.rows = new RowsBuilder(source, format.labelKind());
    }

    ParsedExamples parse() throws IOException {
        while ((line = lines.next()) != null) {
            lineNumber = lines.lineNumber();
            int comment = line.indexOf('#');
            int end = comment < 0 ? line.length() : comment;
            if (line.substring(0, end).isBlank()) {
                rows.skipBlank();
                continue;
            }
            dataLines++;
            try {
                parseLine(end);
            } catch (DataException e) {
                if (!format.skipMalformed()) {
                    throw e;
                }
                rows.skipMalformed(e);
            }
        }
        int width = format.width() > 0 ? format.width() : maxIndex;
        checkEnd(width);
        return rows.build(width, new int[] {width}, densify(width), List.of());
    }

    private void parseLine(int end) {
        tokenNumber = 0;
        rowEntries = 0;
        int classLabel = 0;
        float target = 0;
        int previous = 0;
        int i = 0;
        while ((i = nextToken(i, end)) < end) {
            int stop = i;
            while (stop < end && !isBlank(line.charAt(stop))) {
                stop++;
            }
            token = line.substring(i, stop);
            tokenNumber++;
            if (tokenNumber == 1) {
                if (token.indexOf(':') >= 0) {
                    throw error("no label: a line is 'label index:value ...'");
                }
                if (format.labelKind() == LabelKind.FLOAT) {
                    target = number(token, 0, token.length());
                } else {
                    classLabel = classLabel();
                }
            } else {
                previous = entry(previous);
            }
            i = stop;
        }
        commit(classLabel, target);
    }

    private int nextToken(int i, int end) {
        while (i < end && isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private DataException error(String problem) {
        return DataException.atLine(source, lineNumber, "token " + tokenNumber + " ('" + token + "'): " + problem);
    }

    private float number(String s, int from, int to) {
        try {
            return Values.finiteFloat(s, from, to);
        } catch (NumberFormatException e) {
            throw error(e.getMessage());
        }
    }

    private int classLabel() {
        if (format.signedBinary()) {
            double v;
            try {
                v = Double.parseDouble(token);
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (v != -1 && v != 1) {
                throw error("with signed binary labels only -1 and +1 are allowed");
            }
            return v < 0 ? 0 : 1;
        }
        int label;
        try {
            label = Values.classIndex(token);
        } catch (NumberFormatException e) {
            String hint = token.strip().equals("-1")
                    ? "; for -1/+1 binary labels use LibsvmFormat.withSignedBinary(true)"
                    : "";
            throw error(e.getMessage() + hint);
        }
        if (format.classes() > 0 && label >= format.classes()) {
            throw error("label " + label + " is out of range: the format declares " + format.classes() + " classes");
        }
        return label;
    }

    /** One {@code index:value} token after the label; returns its index. */
    private int entry(int previous) {
        int colon = token.indexOf(':');
        if (colon < 0) {
            throw error("expected index:value");
        }
        if (token.startsWith("qid:")) {
            throw error("query ids (qid) are not supported");
        }
        int index;
        try {
            index = Integer.parseInt(token.substring(0, colon));
        } catch (NumberFormatException e) {
            throw error("index '" + token.substring(0, colon) + "' is not an integer");
        }
        if (index < 1) {
            throw error("index " + index + " is not allowed: LIBSVM indices start at 1");
        }
        if (index <= previous) {
            throw error("index " + index + " does not increase (the previous index is " + previous + ")");
        }
        if (format.width() > 0 && index > format.width()) {
            throw error("index " + index + " exceeds the declared width " + format.width());
        }
        float value = number(token, colon + 1, token.length());
        if (rowEntries == rowIndices.length) {
            rowIndices = Arrays.copyOf(rowIndices, 2 * rowEntries);
            rowValues = Arrays.copyOf(rowValues, 2 * rowEntries);
        }
        rowIndices[rowEntries] = index;
        rowValues[rowEntries++] = value;
        return index;
    }

    private void commit(int classLabel, float target) {
        if ((long) entries + rowEntries > MAX_ARRAY) {
            throw DataException.atLine(source, lineNumber, "more entries than one Java array holds");
        }
        if (entries + rowEntries > indices.length) {
            int size = (int) Math.min(MAX_ARRAY, Math.max(entries + rowEntries, 2L * indices.length));
            indices = Arrays.copyOf(indices, size);
            values = Arrays.copyOf(values, size);
        }
        System.arraycopy(rowIndices, 0, indices, entries, rowEntries);
        System.arraycopy(rowValues, 0, values, entries, rowEntries);
        entries += rowEntries;
        if (rowEntries > 0) {
            maxIndex = Math.max(maxIndex, rowIndices[rowEntries - 1]);
        }
        int r = rows.rows();
        if (r == rowEnds.length) {
            rowEnds = Arrays.copyOf(rowEnds, (int) Math.min(MAX_ARRAY, 2L * r));
        }
        rowEnds[r] = entries;
        rows.add(null, 0, classLabel, null, target, lineNumber);
    }

    private void checkEnd(int width) {
        long end = lines.lineNumber() + 1;
        if (rows.rows() == 0) {
            if (lines.lineNumber() == 0) {
                throw DataException.atLine(source, 1, "empty file");
            }
            throw DataException.atLine(
                    source,
                    end,
                    dataLines == 0
                            ? "no data rows, only blank or comment lines"
                            : "no data rows: all " + dataLines + " data lines were malformed; the first: "
                                    + rows.firstSkipReason());
        }
        if (width == 0) {
            throw DataException.atLine(source, end, "no feature index in the whole file: give the width");
        }
        if ((long) rows.rows() * width > MAX_ARRAY) {
            throw DataException.atLine(
                    source,
                    end,
                    rows.rows() + " rows of width " + width + " are more values than one Java array holds");
        }
    }

    private float[] densify(int width) {
        float[] dense = new float[rows.rows() * width];
        int from = 0;
        for (int r = 0; r < rows.rows(); r++) {
            for (int e = from; e < rowEnds[r]; e++) {
                dense[r * width + indices[e] - 1] = values[e];
            }
            from = rowEnds[r];
        }
        return dense;
    }
}
