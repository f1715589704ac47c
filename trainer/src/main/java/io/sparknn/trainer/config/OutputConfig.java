package io.sparknn.trainer.config;

/**
 * Where a run writes, and what to do when the directory is not empty.
 *
 * @param mode        new (refuse an existing run), overwrite, resume (from the last checkpoint; refuse if none)
 *                    or auto (resume when there is a checkpoint, else start; for restarted drivers)
 * @param everySteps  checkpoint interval in steps (0 = only at epoch ends)
 * @param keep        checkpoints kept (older ones are deleted after a newer one is committed)
 */
public record OutputConfig(String dir, String mode, int everySteps, int keep) {
}
