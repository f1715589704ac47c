package io.sparknn.bench;

import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.jobs.Train;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A training set larger than the driver's heap: MNIST's training images repeated {@code --copies}
 * times as CSV files (pixels 0–255, the label last), trained by the {@code train} job in this JVM,
 * whose heap the caller sets. The data is read on the executors and cached with MEMORY_AND_DISK,
 * so what does not fit the storage memory stays on disk. Prints the heap, the size of the
 * features, the time and the held-out accuracy.
 */
public final class HeapBench {
    private HeapBench() {}

    public static void main(String[] args) throws IOException {
        BenchArgs a = new BenchArgs(args, "out copies files");
        Path out = Path.of(a.string("out", "target/bench/heap"));
        int copies = a.integer("copies", 2);
        int files = a.integer("files", 12);
        Path csv = out.resolve("mnist-x" + copies + "-csv");
        long rows = writeOnce(Mnist.load(a.data()).train(), copies, files, csv);
        long heap = Runtime.getRuntime().maxMemory();
        Path run = out.resolve("run-heap-" + (heap >> 20) + "m");
        Path config = out.resolve(run.getFileName() + ".json");
        Files.writeString(config, """
                {"data": {"format": "csv", "train": "%s", "validation_fraction": 0.05, "scaling": "divide", "divisor": 255,
                          "storage_level": "MEMORY_AND_DISK"},
                 "network": {"input": [784], "layers": [{"type": "dense", "units": 256}, {"type": "relu"},
                             {"type": "dense", "units": 128}, {"type": "relu"}, {"type": "dense", "units": 10}],
                             "loss": "softmax_cross_entropy"},
                 "optimizer": {"type": "adam", "lr": 0.001},
                 "training": {"batch_size": 1024, "epochs": 1, "seed": 42, "partitions": 16, "log_every": 50},
                 "output": {"dir": "%s", "mode": "overwrite"}}
                """.formatted(csv.toAbsolutePath(), run.toAbsolutePath()));
        long t0 = System.nanoTime();
        int code = Train.run(new String[] {config.toString()}, System.err);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            System.out.printf(Locale.ROOT, "RESULT heap heap_mb=%d exit=%d%n", heap >> 20, code);
            System.exit(code);
        }
        String evaluation = Files.readString(run.resolve("evaluation.json"));
        String accuracy = evaluation.replaceAll("(?s).*\"accuracy\" : ([0-9.]+).*", "$1");
        System.out.printf(
                Locale.ROOT,
                "heap %d MB: %,d examples, %.0f MB of features: trained one epoch in %.1f s, "
                        + "held-out accuracy %s%n",
                heap >> 20,
                rows,
                rows * 784 * 4 / 1e6,
                seconds,
                accuracy);
        System.out.printf(
                Locale.ROOT,
                "RESULT heap heap_mb=%d examples=%d feature_mb=%.0f seconds=%.2f accuracy=%s%n",
                heap >> 20,
                rows,
                rows * 784 * 4 / 1e6,
                seconds,
                accuracy);
    }

    /** The CSV files, written unless a previous run left them complete (a {@code _SUCCESS} marker). */
    private static long writeOnce(ExampleBlock train, int copies, int files, Path dir) throws IOException {
        long rows = (long) train.n * copies;
        if (Files.exists(dir.resolve("_SUCCESS"))) {
            return rows;
        }
        Files.createDirectories(dir);
        long per = (rows + files - 1) / files;
        for (int f = 0; f < files; f++) {
            try (Writer w = Files.newBufferedWriter(
                    dir.resolve(String.format(Locale.ROOT, "part-%02d.csv", f)), StandardCharsets.US_ASCII)) {
                StringBuilder line = new StringBuilder();
                for (long r = f * per; r < Math.min(rows, (f + 1) * per); r++) {
                    int i = (int) (r % train.n);
                    line.setLength(0);
                    for (int j = 0; j < train.width; j++) {
                        line.append(Math.round(train.features[i * train.width + j] * 255))
                                .append(',');
                    }
                    w.append(line).append(Integer.toString(train.labels[i])).append('\n');
                }
            }
        }
        Files.createFile(dir.resolve("_SUCCESS"));
        return rows;
    }
}
