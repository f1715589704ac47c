package io.sparknn.trainer.ml;

import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * A fitted model on any Hadoop path, as MLlib lays out its own: {@code metadata/} (class, uid,
 * Spark version and every param, written by MLlib's {@code DefaultParamsWriter}, so {@code
 * Pipeline} and {@code CrossValidator} find the class and call its static {@code read()}) and the
 * network in the trainer's model file format, {@code model.bin} (the file a train job writes, which
 * {@code evaluate} and {@code predict} read too).
 */
final class ModelIO {
    static final String MODEL_FILE = "model.bin";

    private ModelIO() {}

    static MLWriter writer(Params stage, Model model) {
        return new Writer(stage, model);
    }

    /** A reader that makes a stage of {@code type} from its uid and its network, loaded: no fit, no summary. */
    static <M extends Params> MLReader<M> reader(Class<M> type, BiFunction<String, TrainedNetwork, M> make) {
        return new Reader<>(type, make);
    }

    private static final class Writer extends MLWriter {
        private final Params stage;
        private final Model model;

        Writer(Params stage, Model model) {
            this.stage = stage;
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(stage, path, sparkSession());
            Path file = new Path(path, MODEL_FILE);
            try {
                FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
                try (OutputStream out = fs.create(file, true)) {
                    ModelFile.write(model, out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    private static final class Reader<M extends Params> extends MLReader<M> {
        private final Class<M> type;
        private final BiFunction<String, TrainedNetwork, M> make;

        Reader(Class<M> type, BiFunction<String, TrainedNetwork, M> make) {
            this.type = type;
            this.make = make;
        }

        @Override
        public M load(String path) {
            DefaultParamsReader.Metadata metadata =
                    DefaultParamsReader.loadMetadata(path, sparkSession(), type.getName());
            Path file = new Path(path, MODEL_FILE);
            Model model;
            try {
                FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                try (InputStream in = fs.open(file)) {
                    model = ModelFile.read(in, file.toString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            M stage = make.apply(metadata.uid(), TrainedNetwork.loaded(model));
            metadata.getAndSetParams(stage, Option.empty());
            return stage;
        }
    }
}
