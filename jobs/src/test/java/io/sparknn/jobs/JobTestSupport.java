package io.sparknn.jobs;

import io.sparknn.trainer.spark.SparkSetup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Runs jobs in-process against one shared local SparkContext and captures what they print. */
final class JobTestSupport {
    private static SparkSession spark;

    private JobTestSupport() {}

    /** The shared context: jobs find it active and leave it running. */
    static synchronized void spark() {
        if (spark == null || SparkSession.getDefaultSession().isEmpty()) {
            SparkConf conf = new SparkConf()
                    .setMaster("local[2]")
                    .setAppName("sparknn-jobs-test")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
            SparkSetup.apply(conf);
            spark = SparkSession.builder().config(conf).getOrCreate();
        }
    }

    /** A job's exit code and what it printed on stderr. */
    record Result(int code, String err) {}

    interface Job {
        int run(String[] args, PrintStream err);
    }

    static Result run(Job job, String... args) {
        spark();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = job.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return new Result(code, buf.toString(StandardCharsets.UTF_8));
    }

    /** A config for the built-in digits, trained briefly, writing to {@code out}, with overrides spliced in. */
    static String digitsConfig(Path out, String training, String extra) {
        return """
                {
                  "data": {"format": "builtin", "train": "digits", "validation_fraction": 0.2, "scaling": "divide", "divisor": 16},
                  "network": {"input": [64], "layers": [
                      {"type": "dense", "units": 32}, {"type": "relu"}, {"type": "dense", "units": 10}],
                    "loss": "softmax_cross_entropy"},
                  "optimizer": {"type": "adam", "lr": 0.01},
                  "training": %s,
                  "output": {"dir": "%s", "checkpoint_every": 20}%s
                }
                """.formatted(training, out.toString().replace("\\", "/"), extra);
    }

    static Path write(Path dir, String name, String content) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of every file under {@code dir}, by relative path: to show nothing was touched. */
    static Map<String, String> hashes(Path dir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                out.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(d));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
