package io.sparknn.trainer.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which keys of a resolved config changed between a checkpoint and a resumed run. Where the run
 * lives and how it starts and checkpoints (output directory, mode, checkpoint interval and count)
 * do not change what it computes, so they may differ: a run directory can be moved and resumed.
 */
final class ConfigDifference {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IGNORED =
            Set.of("output.dir", "output.mode", "output.checkpoint_every", "output.keep_checkpoints");

    private ConfigDifference() {}

    static List<String> changedKeys(String before, String after) {
        try {
            List<String> out = new ArrayList<>();
            diff("", JSON.readTree(before), JSON.readTree(after), out);
            return out;
        } catch (IOException e) {
            return List.of("(the checkpoint's config cannot be read: " + e.getMessage() + ")");
        }
    }

    /**
     * Checkpoints written before the resolved config kept JSON types in layer and optimizer fields
     * hold them as strings ({@code "units": "128"}): the same value either way.
     */
    private static boolean sameScalarText(JsonNode a, JsonNode b) {
        if (a.isValueNode() && b.isValueNode()) {
            return a.asText().equals(b.asText());
        }
        if (a.isArray() && b.isTextual()) {
            StringBuilder t = new StringBuilder();
            a.forEach(x -> t.append(t.length() > 0 ? "x" : "").append(x.asText()));
            return t.toString().equals(b.asText());
        }
        return b.isArray() && a.isTextual() && sameScalarText(b, a);
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (IGNORED.contains(path)) {
            return;
        }
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            for (String k : keys) {
                diff(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), out);
            }
        } else if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
            // a list (the layers) counts as one key: changed when any element is
            List<String> inner = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                diff(path + "[" + i + "]", a.get(i), b.get(i), inner);
            }
            if (!inner.isEmpty()) {
                out.add(path);
            }
        } else if (a == null || b == null || !(a.equals(b) || sameScalarText(a, b))) {
            out.add(path);
        }
    }
}
