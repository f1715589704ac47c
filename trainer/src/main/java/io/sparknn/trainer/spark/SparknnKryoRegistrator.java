package io.sparknn.trainer.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.ShardResult;
import io.sparknn.engine.train.Weights;
import io.sparknn.trainer.data.DataException;
import io.sparknn.trainer.data.DataUnit;
import io.sparknn.trainer.data.FeatureStats;
import io.sparknn.trainer.data.ParquetFiles;
import io.sparknn.trainer.data.ParsedPart;
import io.sparknn.trainer.data.PartSummary;
import io.sparknn.trainer.data.SelectedRows;
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
        kryo.register(io.sparknn.engine.eval.EvaluationSums.class);
        kryo.register(io.sparknn.engine.eval.EvaluationSums[].class);
        kryo.register(long[][].class);
        kryo.register(double[][].class);
        kryo.register(io.sparknn.engine.train.Streams.class);
        kryo.register(io.sparknn.engine.train.Streams[].class);
        kryo.register(String[].class);
        kryo.register(ParsedPart.class);
        kryo.register(FeatureStats.class);
        kryo.register(short[].class); // ShardResult.gradBfloat16
        // records and exceptions: Kryo's field serializer cannot set a record's fields or rebuild a stack trace
        JavaSerializer java = new JavaSerializer();
        kryo.register(DataUnit.class, java);
        kryo.register(PartSummary.class, java);
        kryo.register(SelectedRows.class, java);
        kryo.register(DataException.class, java);
        kryo.register(ParquetFiles.Problem.class, java);
        kryo.register(ParquetFiles.Listed.class, java);
    }
}
