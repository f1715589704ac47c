/**
 * Training data: file formats (CSV, MNIST IDX, LIBSVM, Parquet and Spark SQL tables, UTF-8
 * text), their parsing with errors that name the file and line, and the packed
 * {@link io.sparknn.engine.train.ExampleBlock}s the cached training RDD holds. A data set is read
 * in units ({@link io.sparknn.trainer.data.DataUnit}: a file, an IDX pair, a table split), each
 * parsed on its own into a {@link io.sparknn.trainer.data.ParsedPart}, summarised for the driver
 * ({@link io.sparknn.trainer.data.PartSummary}) and checked and laid out as a whole there
 * ({@link io.sparknn.trainer.data.PartsLayout}); {@link io.sparknn.trainer.data.DistributedDataset}
 * does it on the executors, never gathering the rows on the driver, fits the scaling and lays the
 * rows out in partitions, with the held-out examples chosen by id
 * ({@link io.sparknn.trainer.data.Holdout}); {@link io.sparknn.trainer.data.DatasetReader} does the
 * same in one process.
 */
package io.sparknn.trainer.data;
