package io.sparknn.trainer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.layer.LayerSpec;
import io.sparknn.engine.layer.SpecValue;
import io.sparknn.engine.optim.LrSchedule;
import io.sparknn.engine.optim.OptimizerSpec;
import java.util.Map;

/**
 * A layer, optimizer or schedule spec as the config object a resolved config holds:
 * {@code {"type": kind, "key": value, ...}}, the keys in the order of the spec's fields and each value
 * written as its JSON type (an integer, a number, a boolean, a string, a list of sizes), straight from
 * the spec's typed {@link SpecValue}s. {@link ConfigNode#scalarsExcept} reads them back to the same values.
 */
public final class SpecJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpecJson() {}

    /** {@code {"type": "conv2d", "filters": 20, "kernel": [5, 5], ...}}. */
    public static ObjectNode object(LayerSpec spec) {
        return object(spec.kind(), spec.fields());
    }

    /**
     * {@code {"type": "sgd", "lr": 0.01, ...}}: the kind's own keys only, in PyTorch's argument order
     * ({@link OptimizerSpec#fields()}); model files keep the full line of {@link OptimizerSpec#toText()}.
     */
    public static ObjectNode object(OptimizerSpec spec) {
        return object(spec.kind().text(), spec.fields());
    }

    /** {@code {"type": "step", "step_size": 100, "gamma": 0.1}}, a warm-up's keys after the schedule's own. */
    public static ObjectNode object(LrSchedule schedule) {
        return object(schedule.kind(), schedule.fields());
    }

    /** {@code type} first, then the fields in their order. */
    public static ObjectNode object(String type, Map<String, SpecValue> fields) {
        ObjectNode n = NODES.objectNode();
        n.put("type", type);
        fields.forEach((k, v) -> n.set(k, value(v)));
        return n;
    }

    /**
     * A value as JSON: an integer, a number, a boolean, a string, a list of integers. A number that
     * is not finite (no checked spec holds one) has no JSON form and is written as its text.
     */
    public static JsonNode value(SpecValue v) {
        if (v instanceof SpecValue.Int i) {
            return NODES.numberNode(i.value());
        }
        if (v instanceof SpecValue.Real r) {
            return Double.isFinite(r.value()) ? NODES.numberNode(r.value()) : NODES.textNode(r.lineText());
        }
        if (v instanceof SpecValue.Bool b) {
            return NODES.booleanNode(b.value());
        }
        if (v instanceof SpecValue.Sizes s) {
            ArrayNode list = NODES.arrayNode();
            s.values().forEach(list::add);
            return list;
        }
        return NODES.textNode(((SpecValue.Name) v).value());
    }
}
