/**
 * Texts for character models: the vocabulary ({@link io.sparknn.trainer.sequence.CharVocabulary}),
 * the held-out tail ({@link io.sparknn.trainer.sequence.TextSplit}), sliding windows as examples
 * ({@link io.sparknn.trainer.sequence.SlidingWindows}) and validation bits per character in one
 * stateful pass ({@link io.sparknn.trainer.sequence.BitsPerCharacter}).
 */
package io.sparknn.trainer.sequence;
