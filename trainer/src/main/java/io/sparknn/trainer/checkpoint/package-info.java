/**
 * Run output on any Hadoop file system: the output directory's states (empty, unfinished,
 * finished), files written under temporary names and renamed into place, checkpoints committed by
 * a manifest with checksums written last, and the metrics log they mark, appended to (or written in
 * segments where the file system cannot append).
 */
package io.sparknn.trainer.checkpoint;
