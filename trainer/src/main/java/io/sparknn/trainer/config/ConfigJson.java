package io.sparknn.trainer.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a config's JSON text into a tree, token by token, so that what a tree no longer knows can
 * be named with the dotted key: a key given twice in one object (and both its lines), NaN and
 * Infinity (which JSON has no numbers for), a number beyond a double's range, and each number's
 * text as written (a range error then shows {@code got 1e-9}, not the double's {@code 1.0E-9}).
 * List items are named by their 0-based index: {@code network.layers[0].units}.
 */
final class ConfigJson {
    /** NaN and Infinity are read as numbers only to be refused with their key, not at a bare column. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The tree, and each number's text as written by its dotted key. */
    record Parsed(JsonNode root, Map<String, String> numbersAsWritten) {}

    private final String source;
    private final Map<String, String> numbers = new HashMap<>();
    /** The key read last: where a syntax error is. */
    private String lastKey = "";

    private ConfigJson(String source) {
        this.source = source;
    }

    /** Parses {@code text}, read from {@code source} (named in every error). */
    static Parsed read(String source, String text) {
        ConfigJson reader = new ConfigJson(source);
        // a byte order mark (Windows editors write one) is no part of the JSON
        String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() == null) {
                throw new ConfigException(source + ": the config is empty");
            }
            JsonNode root = reader.value(p, "");
            reader.lastKey = "";
            if (p.nextToken() != null) {
                throw reader.notJson(p.currentTokenLocation(), "more content after the config's closing }");
            }
            return new Parsed(root, reader.numbers);
        } catch (JsonProcessingException e) {
            throw reader.notJson(e.getLocation(), plain(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string failed", e);
        }
    }

    private JsonNode value(JsonParser p, String path) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> object(p, path);
            case START_ARRAY -> list(p, path);
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> {
                numbers.put(path, p.getText());
                yield switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> number(p, path);
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(p.getBooleanValue());
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IllegalStateException("a JSON parser gave " + p.currentToken() + " for a value");
        };
    }

    private ObjectNode object(JsonParser p, String path) throws IOException {
        ObjectNode o = NODES.objectNode();
        Map<String, Integer> lines = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String key = path.isEmpty() ? name : path + "." + name;
            int line = p.currentTokenLocation().getLineNr();
            Integer first = lines.putIfAbsent(name, line);
            if (first != null) {
                // a JSON reader keeps one of the two silently: which one the author meant is unknown
                throw new ConfigException(source + ": key '" + key + "' appears twice ("
                        + (first == line ? "both on line " + line : "lines " + first + " and " + line)
                        + "): keep one");
            }
            lastKey = key;
            p.nextToken();
            o.set(name, value(p, key));
        }
        return o;
    }

    private ArrayNode list(JsonParser p, String path) throws IOException {
        ArrayNode a = NODES.arrayNode();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            a.add(value(p, path + "[" + i + "]"));
        }
        return a;
    }

    private JsonNode number(JsonParser p, String path) throws IOException {
        String written = p.getText();
        if (written.matches("[-+]?[A-Za-z].*")) {
            throw new ConfigException(source + ": " + name(path) + " must be a number, got " + written
                    + ": NaN and Infinity are not JSON numbers");
        }
        double d = p.getDoubleValue();
        if (Double.isInfinite(d)) {
            throw new ConfigException(source + ": " + name(path) + " must be a number within a double's range (about "
                    + "±1.8e308), got " + written);
        }
        numbers.put(path, written);
        return NODES.numberNode(d);
    }

    private static String name(String path) {
        return path.isEmpty() ? "the config" : "key '" + path + "'";
    }

    private ConfigException notJson(JsonLocation at, String message) {
        return new ConfigException(source + ": not valid JSON"
                + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                + (lastKey.isEmpty() ? "" : " (near key '" + lastKey + "')") + ": " + message);
    }

    /** The parser's message in the config's terms, without Jackson's feature names and source notes. */
    static String plain(String message) {
        if (message.startsWith("Trailing token")) {
            return "more content after the config's closing }";
        }
        if (message.startsWith("Unexpected end-of-input")) {
            return "the file ends inside an object or a list (a } or ] is missing)";
        }
        if (message.startsWith("Non-standard token")) {
            return message.replaceAll(":? *enable `.*", "") + ": NaN and Infinity are not JSON numbers";
        }
        return message.replaceAll(" \\(start marker at .*| ?\\(not recognized as one since .*", "")
                .trim();
    }
}
