package io.sparknn.engine;

/** A loss sum and the count it is over (examples or tokens); shards add both and divide once. */
public record LossResult(double sum, long count) {

    public double mean() {
        return sum / count;
    }
}
