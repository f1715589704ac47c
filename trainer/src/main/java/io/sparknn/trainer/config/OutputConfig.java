package io.sparknn.trainer.config;

/**
 * Where a run writes, and what to do when the directory is not empty.
 *
 * @param everySteps  checkpoint interval in steps (0 = only at epoch ends)
 * @param keep        checkpoints kept (older ones are deleted after a newer one is committed)
 */
public record OutputConfig(String dir, OutputMode mode, int everySteps, int keep) {}
