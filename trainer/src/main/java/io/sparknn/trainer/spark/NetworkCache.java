package io.sparknn.trainer.spark;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Networks kept per executor JVM between tasks, so a step does not rebuild layers and buffers.
 * Tasks running at once in one JVM (local mode, several cores per executor) each borrow their own.
 * Holds no training state: parameters come with every step's broadcast.
 */
public final class NetworkCache {
    private static final Map<String, ArrayDeque<Network>> IDLE = new HashMap<>();
    private static final Map<String, NetworkSpec> SPECS = new HashMap<>();

    private NetworkCache() {}

    static Network borrow(String specText, Precision precision, int threads) {
        String key = precision + "/" + threads + "/" + specText;
        NetworkSpec spec;
        synchronized (IDLE) {
            ArrayDeque<Network> q = IDLE.get(key);
            if (q != null && !q.isEmpty()) {
                return q.pop();
            }
            spec = SPECS.computeIfAbsent(specText, t -> NetworkSpec.parse("network spec", t));
        }
        return Network.create(spec, Network.Options.of(precision, threads), 0);
    }

    /** A network of the weights' spec and precision, with the weights loaded. */
    public static Network borrow(io.sparknn.engine.train.Weights w, int threads) {
        Network net = borrow(w.specText, w.precision(), threads);
        w.loadInto(net);
        return net;
    }

    public static void giveBack(Network net) {
        String key = net.precision() + "/" + net.options().threads() + "/"
                + net.spec().toText();
        synchronized (IDLE) {
            ArrayDeque<Network> q = IDLE.computeIfAbsent(key, k -> new ArrayDeque<>());
            if (q.size() < 8) {
                q.push(net);
            } else {
                net.close();
            }
        }
    }
}
