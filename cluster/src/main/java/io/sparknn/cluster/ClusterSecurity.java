package io.sparknn.cluster;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cluster that authenticates and encrypts: every daemon, executor and driver shares one secret
 * ({@code spark.authenticate}); RPC and block transfers are encrypted with AES
 * ({@code spark.network.crypto.enabled}, which the daemons need too: a master without it speaks only
 * the older SASL handshake); the applications also encrypt what they spill and shuffle to local disk
 * ({@code spark.io.encryption.enabled}). The standalone workers hand the secret to the executors
 * they start. For this harness the secret travels as {@code -D} options and {@code --conf}, visible
 * to other users of the machine in {@code ps}; a production cluster puts it in a file only its
 * users can read ({@code spark-defaults.conf}).
 */
public record ClusterSecurity(String secret) {
    public ClusterSecurity {
        if (secret.isBlank()) {
            throw new IllegalArgumentException("an empty secret authenticates nothing");
        }
    }

    /** A fresh 256-bit secret. */
    public static ClusterSecurity withRandomSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new ClusterSecurity(HexFormat.of().formatHex(key));
    }

    /** What the master and workers run with. */
    public Map<String, String> daemonConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.authenticate", "true");
        conf.put("spark.authenticate.secret", secret);
        conf.put("spark.network.crypto.enabled", "true");
        return conf;
    }

    /** What an application submitted to the cluster adds to its Spark conf. */
    public Map<String, String> applicationConf() {
        Map<String, String> conf = daemonConf();
        conf.put("spark.io.encryption.enabled", "true");
        return conf;
    }

    /** Never the secret itself: a record's default would print it into logs. */
    @Override
    public String toString() {
        return "ClusterSecurity[secret of " + secret.length() + " characters]";
    }
}
