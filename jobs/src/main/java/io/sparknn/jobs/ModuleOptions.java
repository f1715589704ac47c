package io.sparknn.jobs;

import org.apache.spark.launcher.JavaModuleOptions;

/**
 * Prints the JVM options Spark needs on Java 17, from Spark's own launcher, so bin/sparknn and
 * the cluster scripts never carry a copied list that goes stale with a Spark upgrade.
 */
public final class ModuleOptions {
    private ModuleOptions() {}

    public static void main(String[] args) {
        System.out.println(JavaModuleOptions.defaultModuleOptions());
    }
}
