/**
 * Training data: file formats (CSV, MNIST IDX, LIBSVM, Parquet and Spark SQL tables, UTF-8
 * text), their parsing with errors that name the file and line, and the packed
 * {@link io.sparknn.trainer.data.ExampleBlock}s the cached training RDD holds.
 */
package io.sparknn.trainer.data;
