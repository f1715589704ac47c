/**
 * The benchmarks behind {@code bin/sparknn-bench}: engine steps against PyTorch, Spark steps, MLlib,
 * the character LSTM, the windowing comparison, heap and soak runs. Each prints its figures and the
 * environment they were measured in; none runs as a test.
 */
package io.sparknn.jobs.bench;
