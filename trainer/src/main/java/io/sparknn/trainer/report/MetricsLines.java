package io.sparknn.trainer.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's metrics lines, parsed: its step lines and its scores, each in the order written. Lines of
 * another kind (a type this version does not know) are skipped; a line that is not a JSON object, or
 * whose known field has the wrong type, is a {@link ReportException} naming the source and the
 * 1-based line. A last line without its newline is one still being written (a running run) or cut
 * short (a killed one): it is left out.
 */
public record MetricsLines(List<StepLine> steps, List<ScoreLine> scores) {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER) // the same doubles, parsed faster
            .build();

    public MetricsLines {
        steps = List.copyOf(steps);
        scores = List.copyOf(scores);
    }

    /** Parses the text of {@code source} (named in errors). */
    public static MetricsLines parse(String source, byte[] text) {
        List<StepLine> steps = new ArrayList<>();
        List<ScoreLine> scores = new ArrayList<>();
        int complete = lastIndexOf(text, (byte) '\n') + 1; // an incomplete last line: still being written, or cut short
        // one parser over the whole text (a parser per line costs more than the parsing): each line is one root value
        int line = 0;
        boolean inValue = false;
        try (JsonParser p = JSON.createParser(text, 0, complete)) {
            while (true) {
                try {
                    inValue = false;
                    JsonToken t = p.nextToken();
                    if (t == null) {
                        break;
                    }
                    int at = p.currentTokenLocation().getLineNr();
                    if (at == line) {
                        throw new IllegalArgumentException("more than one JSON value on the line");
                    }
                    line = at;
                    inValue = true;
                    if (t != JsonToken.START_OBJECT) {
                        throw new IllegalArgumentException("not a JSON object");
                    }
                    Fields f = new Fields();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        f.read(name, p);
                    }
                    f.addTo(steps, scores);
                } catch (JsonProcessingException e) {
                    // inside a value, the line it starts on (a line cut short fails where the next begins)
                    int at = inValue || e.getLocation() == null
                            ? line
                            : e.getLocation().getLineNr();
                    throw new ReportException(source + " line " + at + ": " + problem(e.getOriginalMessage()));
                } catch (IllegalArgumentException e) {
                    throw new ReportException(source + " line " + line + ": " + problem(e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // bytes in memory: not expected
        }
        return new MetricsLines(steps, scores);
    }

    private static String problem(String message) {
        String m = message == null ? "malformed" : message;
        int cut = m.indexOf('\n');
        return cut < 0 ? m : m.substring(0, cut);
    }

    private static int lastIndexOf(byte[] b, byte c) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The fields of one line as it is read; every one this version knows, the rest skipped. */
    private static final class Fields {
        String type;
        long step = -1;
        long steps = -1;
        int epoch;
        double loss = Double.NaN;
        double lr = Double.NaN;
        double gradNorm = Double.NaN;
        double samplesPerSecond = Double.NaN;
        double computeMs = Double.NaN;
        double aggregateMs = Double.NaN;
        double optimizerMs = Double.NaN;
        double broadcastMs = Double.NaN;
        double stepMs = Double.NaN;
        double trainSeconds = Double.NaN;
        double trainAccuracy = Double.NaN;
        double driverInBytes = Double.NaN;
        double broadcastBytes = Double.NaN;
        double shuffleWriteBytes = Double.NaN;
        double shuffleReadBytes = Double.NaN;
        double accuracy = Double.NaN;
        double mse = Double.NaN;
        double mae = Double.NaN;
        double r2 = Double.NaN;
        double trainBpc = Double.NaN;
        double validationBpc = Double.NaN;
        boolean text;

        void read(String name, JsonParser p) throws IOException {
            switch (name) {
                case "type" -> type = string(name, p);
                case "step" -> step = integer(name, p);
                case "steps" -> steps = integer(name, p);
                case "epoch" -> epoch = (int) integer(name, p);
                case "loss" -> loss = number(name, p);
                case "lr" -> lr = number(name, p);
                case "grad_norm" -> gradNorm = number(name, p);
                case "samples_per_s" -> samplesPerSecond = number(name, p);
                case "compute_ms" -> computeMs = number(name, p);
                case "aggregate_ms" -> aggregateMs = number(name, p);
                case "optimizer_ms" -> optimizerMs = number(name, p);
                case "broadcast_ms" -> broadcastMs = number(name, p);
                case "step_ms" -> stepMs = number(name, p);
                case "train_seconds" -> trainSeconds = number(name, p);
                case "train_accuracy" -> trainAccuracy = number(name, p);
                case "spark_driver_in_bytes" -> driverInBytes = number(name, p);
                case "spark_broadcast_bytes" -> broadcastBytes = number(name, p);
                case "spark_shuffle_write_bytes" -> shuffleWriteBytes = number(name, p);
                case "spark_shuffle_read_bytes" -> shuffleReadBytes = number(name, p);
                case "accuracy" -> accuracy = number(name, p);
                case "mse" -> mse = number(name, p);
                case "mae" -> mae = number(name, p);
                case "r2" -> r2 = number(name, p);
                case "train_bpc" -> trainBpc = number(name, p);
                case "validation_bpc" -> {
                    validationBpc = number(name, p);
                    text = true;
                }
                default -> p.skipChildren();
            }
        }

        void addTo(List<StepLine> stepLines, List<ScoreLine> scoreLines) {
            if ("step".equals(type)) {
                stepLines.add(new StepLine(
                        required("step", step),
                        epoch,
                        loss,
                        lr,
                        gradNorm,
                        samplesPerSecond,
                        computeMs,
                        aggregateMs,
                        optimizerMs,
                        broadcastMs,
                        stepMs,
                        trainSeconds,
                        trainAccuracy,
                        new StepLine.Traffic(driverInBytes, broadcastBytes, shuffleWriteBytes, shuffleReadBytes)));
            } else if ("epoch".equals(type) || "evaluation".equals(type)) {
                scoreLines.add(new ScoreLine(
                        "epoch".equals(type) ? ScoreLine.Kind.EPOCH : ScoreLine.Kind.EVALUATION,
                        required("step", step),
                        epoch,
                        loss,
                        accuracy,
                        mse,
                        mae,
                        r2,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN));
            } else if (type == null && text) {
                scoreLines.add(new ScoreLine(
                        ScoreLine.Kind.TEXT,
                        required("steps", steps),
                        epoch,
                        Double.NaN, // bits per character are no loss in nats: charted on their own
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        trainBpc,
                        validationBpc,
                        trainSeconds));
            }
        }

        private static long required(String name, long value) {
            if (value < 0) {
                throw new IllegalArgumentException("no '" + name + "'");
            }
            return value;
        }

        private static String string(String name, JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("'" + name + "' is not a string");
            }
            return p.getText();
        }

        private static long integer(String name, JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                throw new IllegalArgumentException("'" + name + "' is not a count (an integer from 0)");
            }
            return p.getLongValue();
        }

        /** A number, or NaN for null and for the strings Jackson writes a NaN or an infinity as. */
        private static double number(String name, JsonParser p) throws IOException {
            return switch (p.currentToken()) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                case VALUE_NULL -> Double.NaN;
                case VALUE_STRING ->
                    switch (p.getText()) {
                        case "NaN" -> Double.NaN;
                        case "Infinity" -> Double.POSITIVE_INFINITY;
                        case "-Infinity" -> Double.NEGATIVE_INFINITY;
                        default ->
                            throw new IllegalArgumentException(
                                    "'" + name + "' is not a number: \"" + p.getText() + "\"");
                    };
                default -> throw new IllegalArgumentException("'" + name + "' is not a number");
            };
        }
    }
}
