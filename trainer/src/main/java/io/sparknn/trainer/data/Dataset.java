package io.sparknn.trainer.data;

import io.sparknn.engine.train.ExampleBlock;
import java.util.List;

/**
 * A data set read on the driver: all its examples in one block with ids 0..n−1 in file order,
 * and what the files said about the labels.
 *
 * @param classes     number of classes (max label + 1, or the declared names); 0 for regression
 * @param labelNames  class names for string or declared labels, else empty
 * @param skipped     malformed lines skipped (only when skipping was asked for)
 */
public record Dataset(String source, ExampleBlock examples, int classes, List<String> labelNames, long skipped) {}
