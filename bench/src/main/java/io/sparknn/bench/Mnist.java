package io.sparknn.bench;

import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.trainer.data.IdxReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** MNIST's four IDX files from a directory, pixels scaled to [0, 1] (as torchvision's ToTensor). */
record Mnist(ExampleBlock train, ExampleBlock test) {

    static Mnist load(String dir) throws IOException {
        return new Mnist(read(dir, "train"), read(dir, "t10k"));
    }

    private static ExampleBlock read(String dir, String prefix) throws IOException {
        Path images = Path.of(dir, prefix + "-images-idx3-ubyte.gz");
        Path labels = Path.of(dir, prefix + "-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
            throw new IOException("MNIST not found: " + images + " and " + labels
                    + " must exist (pass --data DIR holding the four *-ubyte.gz files)");
        }
        try (InputStream x = Files.newInputStream(images);
                InputStream y = Files.newInputStream(labels)) {
            ExampleBlock b =
                    IdxReader.read(x, images.toString(), y, labels.toString()).toBlock(0);
            for (int i = 0; i < b.features.length; i++) {
                b.features[i] /= 255;
            }
            return b;
        }
    }
}
