/**
 * spark-submit entry points: {@link io.sparknn.jobs.Train}, {@link io.sparknn.jobs.Evaluate} and
 * {@link io.sparknn.jobs.Predict}, each a {@code main} over a {@code run(args) → exit code} that
 * tests call in-process, with the documented {@link io.sparknn.jobs.ExitCode}s.
 */
package io.sparknn.jobs;
