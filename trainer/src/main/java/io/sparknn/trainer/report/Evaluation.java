package io.sparknn.trainer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's {@code evaluation.json}: the headline numbers in the file's order, the confusion matrices
 * (one for classes or a single binary output; one per output when there are several) and the scores
 * per class (or per output).
 */
public record Evaluation(List<Value> headline, List<Matrix> matrices, List<ClassScores> perClass) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Evaluation {
        headline = List.copyOf(headline);
        matrices = List.copyOf(matrices);
        perClass = List.copyOf(perClass);
    }

    /** A headline number: examples, loss, accuracy, MSE, … */
    public record Value(String name, double value) {}

    /**
     * A confusion matrix: {@code counts[truth][prediction]}, and the class names along both axes.
     *
     * @param title what it is of ("" for the only one, "output 2" for one of several)
     */
    public record Matrix(String title, List<String> classes, List<List<Long>> counts) {
        public Matrix {
            classes = List.copyOf(classes);
            counts = counts.stream().map(List::copyOf).toList();
        }

        /** The number of classes. */
        public int size() {
            return counts.size();
        }

        /** The examples of class {@code truth} predicted as {@code prediction}. */
        public long count(int truth, int prediction) {
            return counts.get(truth).get(prediction);
        }
    }

    /** Precision, recall and F1 of one class (or output). */
    public record ClassScores(String name, double precision, double recall, double f1) {}

    /** Reads the file's text; {@code source} is named in errors. */
    public static Evaluation parse(String source, byte[] text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new ReportException(source + ": not JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new ReportException(source + ": not a JSON object");
        }
        List<Value> headline = new ArrayList<>();
        root.properties().forEach(e -> {
            if (e.getValue().isNumber()) {
                headline.add(new Value(e.getKey(), e.getValue().asDouble()));
            }
        });
        List<Matrix> matrices = new ArrayList<>();
        List<ClassScores> perClass = new ArrayList<>();
        JsonNode cm = root.path("confusion_matrix");
        if (cm.isArray()) {
            List<String> names = new ArrayList<>();
            for (JsonNode c : root.path("per_class")) {
                names.add(c.path("class").asText());
            }
            matrices.add(matrix(source, "", names, cm));
        }
        for (JsonNode c : root.path("per_class")) {
            perClass.add(scores(c.path("class").asText(), c));
        }
        for (JsonNode o : root.path("per_output")) {
            String name = "output " + o.path("output").asInt();
            matrices.add(matrix(source, name, List.of(), o.path("confusion_matrix")));
            perClass.add(scores(name, o));
        }
        return new Evaluation(headline, matrices, perClass);
    }

    private static ClassScores scores(String name, JsonNode n) {
        return new ClassScores(
                name,
                n.path("precision").asDouble(Double.NaN),
                n.path("recall").asDouble(Double.NaN),
                n.path("f1").asDouble(Double.NaN));
    }

    /** A square matrix of counts; without class names, its classes are numbered from 0. */
    private static Matrix matrix(String source, String title, List<String> names, JsonNode cm) {
        int n = cm.size();
        List<List<Long>> counts = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            JsonNode row = cm.get(t);
            if (!row.isArray() || row.size() != n) {
                throw new ReportException(source + ": confusion_matrix row " + t + " does not have " + n + " counts");
            }
            List<Long> counted = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                if (!row.get(p).canConvertToLong()) {
                    throw new ReportException(source + ": confusion_matrix[" + t + "][" + p + "] is not a count");
                }
                counted.add(row.get(p).asLong());
            }
            counts.add(counted);
        }
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            classes.add(names.size() == n ? names.get(i) : Integer.toString(i));
        }
        return new Matrix(title, classes, counts);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int cut = message.indexOf('\n');
        return cut < 0 ? message : message.substring(0, cut);
    }
}
