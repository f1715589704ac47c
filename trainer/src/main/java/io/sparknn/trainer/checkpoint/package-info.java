/**
 * Run output on any Hadoop file system: the output directory's states (empty, unfinished,
 * finished), files written under temporary names and renamed into place, and checkpoints
 * committed by a manifest with checksums written last.
 */
package io.sparknn.trainer.checkpoint;
