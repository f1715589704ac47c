/**
 * The job config: JSON read strictly ({@link io.sparknn.trainer.config.ConfigNode}: unknown keys,
 * duplicate keys, wrong types and out-of-range values are errors naming the file and the full
 * dotted key) into typed records ({@link io.sparknn.trainer.config.JobConfig}), with an enum for
 * every choice, and written back with every default filled in ({@code config.resolved.json}).
 */
package io.sparknn.trainer.config;
