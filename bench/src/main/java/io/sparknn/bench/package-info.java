/**
 * The benchmarks, a module of their own so they never ship in the job jar. Those behind {@code
 * bin/sparknn-bench}: engine steps against PyTorch ({@link io.sparknn.bench.EngineBench}), Spark
 * steps ({@link io.sparknn.bench.TrainerBench}), MLlib, the character LSTM, the windowing
 * comparison, heap and soak runs, and the sgemm micro-benchmark ({@link io.sparknn.bench.Sgemm}).
 * Engine micro-benchmarks run by hand from {@code bench/target/sparknn-bench.jar}: {@link
 * io.sparknn.bench.ConvBench} (LeNet's convolution stack), {@link io.sparknn.bench.LstmBench} (one
 * LSTM step) and {@link io.sparknn.bench.TanhBench}. Each prints its figures and the environment they
 * were measured in; none runs as a test.
 */
package io.sparknn.bench;
