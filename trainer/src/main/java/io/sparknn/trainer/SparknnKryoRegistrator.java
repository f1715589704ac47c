package io.sparknn.trainer;

import com.esotericsoftware.kryo.Kryo;
import io.sparknn.trainer.data.ExampleBlock;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every class the trainer sends over the wire, so a run with
 * {@code spark.kryo.registrationRequired=true} works and class names are not written per object.
 */
public final class SparknnKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(ExampleBlock.class);
        kryo.register(ShardResult.class);
        kryo.register(Weights.class);
        kryo.register(float[].class);
        kryo.register(double[].class);
        kryo.register(int[].class);
        kryo.register(long[].class);
        kryo.register(byte[].class);
        kryo.register(ExampleBlock[].class);
        kryo.register(ShardResult[].class);
        kryo.register(Object[].class);
        kryo.register(io.sparknn.trainer.eval.EvaluationSums.class);
        kryo.register(long[][].class);
        kryo.register(double[][].class);
        kryo.register(io.sparknn.trainer.sequence.Streams.class);
        kryo.register(io.sparknn.trainer.sequence.Streams[].class);
    }
}
