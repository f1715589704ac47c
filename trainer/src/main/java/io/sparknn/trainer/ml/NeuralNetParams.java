package io.sparknn.trainer.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training params both estimators share, in MLlib's form: a public method per param (MLlib
 * finds params by these methods), a getter and a setter returning the estimator. The values live
 * in the estimator's param maps, so {@code copy}, {@code ParamGridBuilder} and persistence see
 * them as any MLlib param.
 *
 * @param <T> the estimator
 */
public interface NeuralNetParams<T extends NeuralNetParams<T>> extends Params {
    /** The param objects of this stage (not a param). */
    TrainingParams trainingParams();

    default Param<String> network() {
        return trainingParams().network;
    }

    default Param<String> optimizer() {
        return trainingParams().optimizer;
    }

    default DoubleParam lr() {
        return trainingParams().lr;
    }

    default Param<String> schedule() {
        return trainingParams().schedule;
    }

    default IntParam batchSize() {
        return trainingParams().batchSize;
    }

    default IntParam epochs() {
        return trainingParams().epochs;
    }

    default LongParam seed() {
        return trainingParams().seed;
    }

    default IntParam partitions() {
        return trainingParams().partitions;
    }

    default Param<String> aggregation() {
        return trainingParams().aggregation;
    }

    default IntParam patience() {
        return trainingParams().patience;
    }

    default Param<String> earlyStoppingMetric() {
        return trainingParams().earlyStoppingMetric;
    }

    default DoubleParam validationFraction() {
        return trainingParams().validationFraction;
    }

    default Param<String> checkpointDir() {
        return trainingParams().checkpointDir;
    }

    default String getNetwork() {
        return getOrDefault(network());
    }

    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    default double getLr() {
        return (Double) getOrDefault(lr());
    }

    default String getSchedule() {
        return getOrDefault(schedule());
    }

    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    default int getEpochs() {
        return (Integer) getOrDefault(epochs());
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    default int getPartitions() {
        return (Integer) getOrDefault(partitions());
    }

    default String getAggregation() {
        return getOrDefault(aggregation());
    }

    default int getPatience() {
        return (Integer) getOrDefault(patience());
    }

    default String getEarlyStoppingMetric() {
        return getOrDefault(earlyStoppingMetric());
    }

    default double getValidationFraction() {
        return (Double) getOrDefault(validationFraction());
    }

    default String getCheckpointDir() {
        return getOrDefault(checkpointDir());
    }

    /** This stage, as its own type, for the setters. */
    T self();

    default T setNetwork(String json) {
        set(network(), json);
        return self();
    }

    default T setOptimizer(String json) {
        set(optimizer(), json);
        return self();
    }

    default T setLr(double value) {
        set(lr(), value);
        return self();
    }

    default T setSchedule(String json) {
        set(schedule(), json);
        return self();
    }

    default T setBatchSize(int value) {
        set(batchSize(), value);
        return self();
    }

    default T setEpochs(int value) {
        set(epochs(), value);
        return self();
    }

    default T setSeed(long value) {
        set(seed(), value);
        return self();
    }

    default T setPartitions(int value) {
        set(partitions(), value);
        return self();
    }

    default T setAggregation(String value) {
        set(aggregation(), value);
        return self();
    }

    default T setPatience(int value) {
        set(patience(), value);
        return self();
    }

    default T setEarlyStoppingMetric(String value) {
        set(earlyStoppingMetric(), value);
        return self();
    }

    default T setValidationFraction(double value) {
        set(validationFraction(), value);
        return self();
    }

    default T setCheckpointDir(String dir) {
        set(checkpointDir(), dir);
        return self();
    }
}
