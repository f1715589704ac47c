package io.sparknn.jobs;

import static io.sparknn.jobs.BadInput.csv;
import static io.sparknn.jobs.BadInput.mlp;
import static io.sparknn.jobs.BadInput.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknn.trainer.OtherSchemeFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An output directory below a regular file (the file itself, or any ancestor of the path) can never
 * be created: every job that writes a directory refuses it with the output-refused code and one
 * line naming the file, before it reads anything. The data (and model) paths of these cases do not
 * exist: a job that read them before checking its output would exit with another code. The file is
 * left as it was.
 */
class OutputUnderAFileTest {
    @TempDir
    Path tmp;

    /** Where the regular file is, and the output path below it, relative to the test's directory. */
    private static final String LAYOUTS = """
            a   | a/run
            a   | a/b/c
            a/b | a/b/c
            """;

    private Path file(String at) throws IOException {
        Path f = tmp.resolve(at);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, "keep me\n");
    }

    /** The regular file in the way is left as it was. */
    private static void assertKept(Path file) throws IOException {
        assertEquals("keep me\n", Files.readString(file), file + " was changed");
    }

    private Path missing(String name) {
        return tmp.resolve("nothing-here/" + name);
    }

    private Path trainConfig(String out, String mode) {
        return JobTestSupport.write(
                tmp,
                "train-" + mode + ".json",
                new BadInput.Config()
                        .mode(mode)
                        .data(csv(missing("train.csv"), ""))
                        .network(mlp(4, 3))
                        .text(Path.of(out)));
    }

    private Path charLmConfig(String out, String mode) {
        return JobTestSupport.write(tmp, "char-lm-" + mode + ".json", """
                {"data": {"format": "text", "train": "%s", "window": 10, "stride": 10, "mode": "stateful",
                          "validation_fraction": 0.1},
                 "network": {"layers": [{"type": "embedding", "dim": 3}, {"type": "lstm", "hidden": 5}, {"type": "dense"}]},
                 "training": {"batch_size": 4, "epochs": 1},
                 "output": {"dir": "%s", "mode": "%s"}}
                """.formatted(missing("text.txt"), out, mode));
    }

    @ParameterizedTest(name = "output {1} with {0} a file")
    @CsvSource(delimiter = '|', textBlock = LAYOUTS)
    void trainRefusesItInEveryOutputMode(String fileAt, String outAt) throws IOException {
        Path file = file(fileAt);
        Path out = tmp.resolve(outAt);
        for (String mode : new String[] {"new", "overwrite", "resume", "auto"}) {
            rejects(
                    ExitCode.OUTPUT_REFUSED,
                    "train",
                    Train::run,
                    file,
                    new String[] {trainConfig(out.toString(), mode).toString()},
                    "output directory " + out + " cannot be created: " + file + " is a file");
        }
        assertKept(file);
    }

    @ParameterizedTest(name = "output {1} with {0} a file")
    @CsvSource(delimiter = '|', textBlock = LAYOUTS)
    void charLmRefusesItOnSparkAndInProcess(String fileAt, String outAt) throws IOException {
        Path file = file(fileAt);
        Path out = tmp.resolve(outAt);
        for (String mode : new String[] {"new", "overwrite", "resume", "auto"}) {
            String cfg = charLmConfig(out.toString(), mode).toString();
            String expected = "output directory " + out + " cannot be created: " + file + " is a file";
            rejects(ExitCode.OUTPUT_REFUSED, "char-lm", CharLm::run, file, new String[] {cfg}, expected);
            rejects(ExitCode.OUTPUT_REFUSED, "char-lm", CharLm::run, file, new String[] {cfg, "--local"}, expected);
        }
        assertKept(file);
    }

    @ParameterizedTest(name = "output {1} with {0} a file")
    @CsvSource(delimiter = '|', textBlock = LAYOUTS)
    void evaluateRefusesItsOutBeforeReadingTheModelOrTheData(String fileAt, String outAt) throws IOException {
        Path file = file(fileAt);
        Path out = tmp.resolve(outAt);
        String cfg = trainConfig(tmp.resolve("unused").toString(), "new").toString();
        rejects(
                ExitCode.OUTPUT_REFUSED,
                "evaluate",
                Evaluate::run,
                file,
                new String[] {
                    cfg,
                    "--model",
                    missing("model.bin").toString(),
                    "--data",
                    missing("test.csv").toString(),
                    "--out",
                    out.toString()
                },
                "evaluation output " + out + " cannot be created: " + file + " is a file");
        assertKept(file);
    }

    @ParameterizedTest(name = "output {1} with {0} a file")
    @CsvSource(delimiter = '|', textBlock = LAYOUTS)
    void predictRefusesItsOutputBeforeReadingTheModelOrTheInput(String fileAt, String outAt) throws IOException {
        Path file = file(fileAt);
        Path out = tmp.resolve(outAt);
        String cfg = trainConfig(tmp.resolve("unused").toString(), "new").toString();
        for (String[] overwrite : new String[][] {{}, {"--overwrite"}}) {
            String[] args = {
                cfg,
                "--model",
                missing("model.bin").toString(),
                "--input",
                missing("rows.csv").toString(),
                "--output",
                out.toString()
            };
            rejects(
                    ExitCode.OUTPUT_REFUSED,
                    "predict",
                    Predict::run,
                    file,
                    overwrite.length == 0 ? args : append(args, overwrite[0]),
                    "prediction output " + out + " cannot be created: " + file + " is a file");
        }
        assertKept(file);
    }

    /** A file is not a previous prediction output: --overwrite must not replace it. */
    @Test
    void predictOverwriteRefusesAnOutputThatIsAFile() throws IOException {
        Path file = file("predictions");
        String cfg = trainConfig(tmp.resolve("unused").toString(), "new").toString();
        rejects(
                ExitCode.OUTPUT_REFUSED,
                "predict",
                Predict::run,
                file,
                new String[] {
                    cfg,
                    "--model",
                    missing("model.bin").toString(),
                    "--input",
                    missing("rows.csv").toString(),
                    "--output",
                    file.toString(),
                    "--overwrite"
                },
                "prediction output " + file + " is a file, not a directory");
        assertKept(file);
    }

    private static String[] append(String[] args, String more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }

    /**
     * The same on a file system other than the local one as Hadoop knows it (a scheme that
     * java.io cannot open): the check goes through Hadoop's FileSystem.
     */
    @Test
    void everyJobRefusesItOnAnotherHadoopFileSystem() throws IOException {
        JobTestSupport.spark();
        Configuration hadoop = SparkSession.active().sparkContext().hadoopConfiguration();
        Configuration other = OtherSchemeFileSystem.configuration();
        for (String key : new String[] {"fs.other.impl", "fs.other.impl.disable.cache"}) {
            hadoop.set(key, other.get(key));
        }
        Path file = file("a");
        String out = OtherSchemeFileSystem.uri(tmp.resolve("a/b/c"));
        String named = "cannot be created: other:" + file + " is a file";
        rejects(
                ExitCode.OUTPUT_REFUSED,
                "train",
                Train::run,
                file,
                new String[] {trainConfig(out, "new").toString()},
                named);
        rejects(
                ExitCode.OUTPUT_REFUSED,
                "char-lm",
                CharLm::run,
                file,
                new String[] {charLmConfig(out, "new").toString()},
                named);
        String cfg = trainConfig(tmp.resolve("unused").toString(), "new").toString();
        rejects(
                ExitCode.OUTPUT_REFUSED,
                "evaluate",
                Evaluate::run,
                file,
                new String[] {
                    cfg,
                    "--model",
                    missing("model.bin").toString(),
                    "--data",
                    missing("test.csv").toString(),
                    "--out",
                    out
                },
                named);
        rejects(
                ExitCode.OUTPUT_REFUSED,
                "predict",
                Predict::run,
                file,
                new String[] {
                    cfg,
                    "--model",
                    missing("model.bin").toString(),
                    "--input",
                    missing("rows.csv").toString(),
                    "--output",
                    out
                },
                named);
        assertKept(file);
    }
}
