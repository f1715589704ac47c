package io.sparknn.jobs;

import static io.sparknn.jobs.BadInput.csv;
import static io.sparknn.jobs.BadInput.goodRows;
import static io.sparknn.jobs.BadInput.idxImages;
import static io.sparknn.jobs.BadInput.idxLabels;
import static io.sparknn.jobs.BadInput.mlp;
import static io.sparknn.jobs.BadInput.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input through the jobs' {@code run(args)}: each case exits with its documented code, prints
 * one line naming the file and line, the key or the layer, and leaves every file of the output
 * directory as it was. Train cases point {@code output.dir} at a copy of a finished run with
 * {@code mode: overwrite}, the mode that deletes: a job that touched the directory before
 * checking its input would show here.
 */
class BadInputTest {
    @TempDir
    Path tmp;

    private Path finishedCopy() {
        return BadInput.finishedCopy(tmp);
    }

    private String train(ExitCode code, BadInput.Config c, Path out, String... mentions) {
        Path cfg = c.write(tmp, out);
        return rejects(code, "train", Train::run, out, new String[] {cfg.toString()}, mentions);
    }

    /** Train on a CSV of {@code content} with a 4-feature, 3-class network over a finished run. */
    private String trainCsv(String content, String settings, String... mentions) {
        Path file = JobTestSupport.write(tmp, "data/train.csv", content);
        String[] all = Arrays.copyOf(mentions, mentions.length + 1);
        all[mentions.length] = file.toString();
        return train(
                ExitCode.BAD_DATA,
                new BadInput.Config().data(csv(file, settings)).network(mlp(4, 3)),
                finishedCopy(),
                all);
    }

    // ---------------------------------------------------------------- CSV data

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            too few columns       | 1,2,3,-1,0\\n1,2,3,0\\n                 | line 2 | expected 5 columns, got 4
            too many columns      | 1,2,3,-1,0\\n4,5,6,7,8,1\\n             | line 2 | expected 5 columns, got 6
            non-numeric value     | 1,2,3,-1,0\\n4,five,6,7,1\\n            | line 2 | column 2: 'five' is not a number
            NaN feature           | 1,2,3,-1,0\\n1,2,3,-1,0\\n4,NaN,6,7,1\\n | line 3 | column 2: 'NaN' is not a finite number
            infinite feature      | 1,2,3,-1,0\\n4,5,-Infinity,7,1\\n       | line 2 | column 3: '-Infinity' is not a finite number
            beyond float range    | 1,2,3,-1,0\\n4,5,6,3e39,1\\n            | line 2 | column 4: '3e39' is not a finite number
            non-integer label     | 1,2,3,-1,0\\n4,5,6,7,1.5\\n             | line 2 | label '1.5' is not an integer class index
            negative label        | 1,2,3,-1,0\\n4,5,6,7,-1\\n              | line 2 | is negative
            unterminated quote    | 1,2,3,-1,0\\n4,\"5,6,7,1\\n             | line 2 | unterminated quote
            """)
    void aMalformedCsvLineNamesTheFileLineAndColumn(String name, String content, String line, String problem) {
        trainCsv(content.replace("\\n", "\n"), "", line, problem);
    }

    @Test
    void anEmptyCsvFile() {
        trainCsv("", "", "line 1: empty file");
    }

    @Test
    void aCsvFileOfBlankLinesOnly() {
        trainCsv("\n\n  \n", "", "no data rows, only blank lines");
    }

    @Test
    void aMissingDataFile() {
        Path missing = tmp.resolve("data/nowhere.csv");
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config().data(csv(missing, "")).network(mlp(4, 3)),
                finishedCopy(),
                missing.toString(),
                "file not found");
    }

    @Test
    void anUnknownBuiltinDataSet() {
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config().data("'format': 'builtin', 'train': 'mnist'"),
                finishedCopy(),
                "builtin:mnist",
                "no such built-in data set");
    }

    @Test
    void aLabelOutsideTheNetworksClassesNamesTheLine() {
        StringBuilder rows = new StringBuilder(goodRows(20));
        rows.append("1,2,3,4,12\n").append(goodRows(5));
        trainCsv(rows.toString(), "", "line 21: label 12 is out of range: the network outputs 3 classes (0 to 2)");
    }

    @Test
    void aStringLabelNotInTheSklearnHeaderNamesTheLine() {
        String content = "4,4,setosa,versicolor,virginica\n1,2,3,4,setosa\n1,2,3,4,virginica\n1,2,3,4,virgnica\n"
                + "1,2,3,4,versicolor\n";
        trainCsv(content, "'header': 'sklearn', 'labels': 'string'", "line 4", "'virgnica'", "virginica");
    }

    @Test
    void moreStringClassesThanTheNetworkOutputs() {
        trainCsv(
                "1,2,3,4,a\n1,2,3,4,b\n1,2,3,4,c\n1,2,3,4,d\n1,2,3,4,a\n",
                "'labels': 'string'",
                "4 classes [a, b, c, d]",
                "output has 3 (layer 3)");
    }

    @Test
    void invalidUtf8NamesTheByteAndLine() {
        byte[] bytes = "1,2,3,4,0\n1,2,3,4,1\n1,2,\u00e9,4,2\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path file = BadInput.write(tmp.resolve("data"), "latin1.csv", bytes);
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config().data(csv(file, "")).network(mlp(4, 3)),
                finishedCopy(),
                file.toString(),
                "byte 24",
                "line 3",
                "UTF-8");
    }

    @Test
    void moreFeaturesThanTheNetworkTakes() {
        Path file = JobTestSupport.write(tmp, "data/train.csv", goodRows(30));
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config().data(csv(file, "")).network(mlp(6, 3)),
                finishedCopy(),
                file.toString(),
                "4 features",
                "the network takes 6");
    }

    @Test
    void aBadTestSetIsFoundBeforeTheOutputIsTouched() {
        Path trainFile = JobTestSupport.write(tmp, "data/train.csv", goodRows(30));
        Path testFile = JobTestSupport.write(tmp, "data/test.csv", goodRows(4) + "1,2,3\n");
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config()
                        .data(csv(trainFile, "'test': '" + testFile + "'"))
                        .network(mlp(4, 3)),
                finishedCopy(),
                testFile.toString(),
                "line 5",
                "expected 5 columns, got 3");
    }

    @Test
    void aLibsvmIndexBeyondTheNetworksInput() {
        Path file = JobTestSupport.write(tmp, "data/train.svm", "0 1:0.5 3:1\n1 2:1 7:0.25\n");
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config()
                        .data("'format': 'libsvm', 'train': '" + file + "'")
                        .network(mlp(4, 3)),
                finishedCopy(),
                file.toString(),
                "line 2",
                "7");
    }

    // ---------------------------------------------------------------- IDX data

    private String trainIdx(byte[] images, byte[] labels, int width, String... mentions) {
        Path dir = tmp.resolve("idx");
        Path im = BadInput.write(dir, "images-idx3-ubyte.gz", images);
        Path lb = BadInput.write(dir, "labels-idx1-ubyte", labels);
        return train(
                ExitCode.BAD_DATA,
                new BadInput.Config()
                        .data("'format': 'idx', 'train': '" + im + "', 'train_labels': '" + lb
                                + "', 'scaling': 'divide', 'divisor': 255")
                        .network(mlp(width, 10)),
                finishedCopy(),
                mentions);
    }

    @Test
    void aTruncatedIdxFile() {
        byte[] full = idxImages(10, 4, 4);
        trainIdx(
                BadInput.gzip(Arrays.copyOf(full, full.length - 30)),
                idxLabels(10, 10),
                16,
                "images-idx3-ubyte.gz",
                "truncated",
                "expected 160 pixel bytes");
    }

    @Test
    void aGzipCorruptIdxFile() {
        byte[] z = BadInput.gzip(idxImages(40, 4, 4));
        z[z.length - 6] ^= 0x55; // the trailer's CRC32 of the content
        trainIdx(z, idxLabels(40, 10), 16, "images-idx3-ubyte.gz", "corrupt gzip");
    }

    @Test
    void aGzipStreamCutShort() {
        byte[] z = BadInput.gzip(idxImages(40, 4, 4));
        trainIdx(Arrays.copyOf(z, z.length / 2), idxLabels(40, 10), 16, "images-idx3-ubyte.gz", "truncated gzip");
    }

    @Test
    void anIdxFileWithTheWrongMagic() {
        byte[] im = idxImages(10, 4, 4);
        im[3] = 0x01; // 2049, a labels file's magic
        trainIdx(BadInput.gzip(im), idxLabels(10, 10), 16, "images-idx3-ubyte.gz", "byte 0", "wrong magic", "2051");
    }

    @Test
    void idxLabelsThatDoNotMatchTheImageCount() {
        trainIdx(
                BadInput.gzip(idxImages(10, 4, 4)), idxLabels(9, 10), 16, "labels-idx1-ubyte", "9 labels", "10 images");
    }

    @Test
    void anIdxLabelOutsideTheNetworksClassesNamesTheRow() {
        trainIdx(
                BadInput.gzip(idxImages(15, 4, 4)),
                idxLabels(15, 12),
                16,
                "labels-idx1-ubyte byte 18",
                "label 10 of example 11 is out of range: the network outputs 10 classes");
    }

    @Test
    void idxImagesOfAnotherSizeThanTheNetworksInput() {
        trainIdx(
                BadInput.gzip(idxImages(10, 4, 4)),
                idxLabels(10, 10),
                64,
                "images-idx3-ubyte.gz",
                "16 features",
                "the network takes 64");
    }

    // ---------------------------------------------------------------- config

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level key  | extra     | , 'validation': {'fraction': 0.1}       | unknown key 'validation'
            unknown nested key     | training  | 'batchsize': 64, 'epochs': 1          | unknown key 'training.batchsize'
            wrong type             | training  | 'batch_size': '64', 'epochs': 1       | key 'training.batch_size' must be an integer
            negative batch size    | training  | 'batch_size': -8, 'epochs': 1         | key 'training.batch_size' must be in [1, 2147483647], got -8
            zero epochs            | training  | 'batch_size': 8, 'epochs': 0          | key 'training.epochs' must be in [1, 2147483647], got 0
            fraction out of range  | data      | 'format': 'builtin', 'train': 'digits', 'validation_fraction': 1.5 | key 'data.validation_fraction' must be in [0, 0.9], got 1.5
            zero divisor           | data      | 'format': 'builtin', 'train': 'digits', 'scaling': 'divide', 'divisor': 0 | key 'data.divisor' must be a finite number > 0, got 0
            negative learning rate | optimizer | 'type': 'sgd', 'lr': -0.1             | key 'optimizer.lr' must be a finite number >= 0, got -0.1
            unknown optimizer key  | optimizer | 'type': 'adam', 'lr': 0.1, 'beta': 2  | unknown key 'optimizer.beta'
            unknown layer type     | network   | 'input': [64], 'layers': [{'type': 'dense', 'units': 10}, {'type': 'softmaxx'}] | key 'network.layers[1].type' must be one of dense, conv2d,
            unknown layer key      | network   | 'input': [64], 'layers': [{'type': 'dense', 'units': 10, 'activation': 'relu'}] | unknown key 'network.layers[0].activation'
            pooling a flat input   | network   | 'input': [64], 'layers': [{'type': 'maxpool2d', 'kernel': 2}, {'type': 'dense', 'units': 10}] | network.layers[0] (maxpool2d) with input 64
            kernel beyond input    | network   | 'input': [1, 8, 8], 'layers': [{'type': 'conv2d', 'filters': 4, 'kernel': 9}, {'type': 'flatten'}, {'type': 'dense', 'units': 10}] | network.layers[0] (conv2d) with input 1x8x8
            unknown loss           | network   | 'input': [64], 'layers': [{'type': 'dense', 'units': 10}], 'loss': 'hinge' | key 'network.loss'
            unknown output mode    | mode      | replace                               | key 'output.mode' must be one of
            bad scaling            | data      | 'format': 'builtin', 'train': 'digits', 'scaling': 'zscore' | key 'data.scaling' must be one of
            idx without labels     | data      | 'format': 'idx', 'train': 'x-idx3-ubyte' | key 'data.train_labels' is missing
            """)
    void aBadConfigNamesTheFileAndKey(String name, String part, String value, String mention) {
        BadInput.Config c = new BadInput.Config();
        switch (part) {
            case "extra" -> c.extra(value);
            case "training" -> c.training(value);
            case "optimizer" -> c.optimizer(value);
            case "network" -> c.network(value);
            case "mode" -> c.mode(value);
            case "data" -> c.data(value);
            default -> throw new IllegalArgumentException(part);
        }
        train(ExitCode.BAD_CONFIG, c, finishedCopy(), tmp.resolve("config.json").toString(), mention);
    }

    @Test
    void malformedJsonNamesTheLineAndColumn() {
        Path out = finishedCopy();
        String text = new BadInput.Config().text(out).replace("\"epochs\": 1,", "\"epochs\": 1,,");
        Path cfg = JobTestSupport.write(tmp, "broken.json", text);
        rejects(
                ExitCode.BAD_CONFIG,
                "train",
                Train::run,
                out,
                new String[] {cfg.toString()},
                cfg.toString(),
                "not valid JSON at line 5");
    }

    @Test
    void aRepeatedKeyIsNamedWithItsLine() {
        Path out = finishedCopy();
        String text = new BadInput.Config().text(out).replace("\"epochs\": 1,", "\"epochs\": 1, \"epochs\": 2,");
        Path cfg = JobTestSupport.write(tmp, "twice.json", text);
        rejects(
                ExitCode.BAD_CONFIG,
                "train",
                Train::run,
                out,
                new String[] {cfg.toString()},
                cfg.toString(),
                "key 'training.epochs' appears twice (both on line 5): keep one");
    }

    @Test
    void anEmptyConfigFile() {
        Path cfg = JobTestSupport.write(tmp, "empty.json", "");
        rejects(
                ExitCode.BAD_CONFIG,
                "train",
                Train::run,
                finishedCopy(),
                new String[] {cfg.toString()},
                cfg.toString(),
                "empty");
    }

    @Test
    void aMissingConfigFile() {
        Path cfg = tmp.resolve("nowhere/config.json");
        rejects(
                ExitCode.BAD_CONFIG,
                "train",
                Train::run,
                finishedCopy(),
                new String[] {cfg.toString()},
                cfg.toString(),
                "config file not found");
    }

    // ---------------------------------------------------------------- output directory

    @Test
    void aFinishedRunIsNotStartedAgain() {
        Path out = finishedCopy();
        train(
                ExitCode.OUTPUT_REFUSED,
                new BadInput.Config().mode("new"),
                out,
                out.toString(),
                "finished run",
                "_SUCCESS");
    }

    @Test
    void anOutputDirectoryThatIsAFile() {
        Path out = JobTestSupport.write(tmp, "run", "not a directory\n");
        train(ExitCode.OUTPUT_REFUSED, new BadInput.Config().mode("overwrite"), out, out.toString(), "is a file");
    }

    @Test
    void resumeWithoutACheckpointCreatesNothing() {
        Path out = tmp.resolve("never-trained");
        train(
                ExitCode.OUTPUT_REFUSED,
                new BadInput.Config().mode("resume"),
                out,
                out.toString(),
                "no committed checkpoint");
    }

    @Test
    void resumeOfAnUnfinishedRunWithoutACheckpoint() throws IOException {
        Path out = finishedCopy();
        Files.delete(out.resolve("_SUCCESS"));
        deleteTree(out.resolve("checkpoints"));
        train(
                ExitCode.OUTPUT_REFUSED,
                new BadInput.Config().mode("resume"),
                out,
                out.toString(),
                "no committed checkpoint");
    }

    @Test
    void autoOnAnUnfinishedRunWithoutACheckpoint() throws IOException {
        Path out = finishedCopy();
        Files.delete(out.resolve("_SUCCESS"));
        deleteTree(out.resolve("checkpoints"));
        train(ExitCode.OUTPUT_REFUSED, new BadInput.Config().mode("auto"), out, out.toString(), "unfinished run");
    }

    @Test
    void resumeWithAChangedConfigIsRefused() throws IOException {
        Path out = finishedCopy();
        Files.delete(out.resolve("_SUCCESS"));
        train(
                ExitCode.OUTPUT_REFUSED,
                new BadInput.Config().mode("resume").optimizer("'type': 'adam', 'lr': 0.02"),
                out,
                out.toString(),
                tmp.resolve("config.json") + " changed since its checkpoint: optimizer.lr was 0.01, now 0.02;",
                "--allow-config-change");
    }

    @Test
    void badDataOnResumeLeavesTheFinishedRunAlone() {
        Path out = finishedCopy();
        Path file = JobTestSupport.write(tmp, "data/train.csv", "0,".repeat(64) + "1\n" + "0,".repeat(63) + "x,1\n");
        Path cfg = new BadInput.Config().mode("resume").data(csv(file, "")).write(tmp, out);
        rejects(
                ExitCode.BAD_DATA,
                "train",
                Train::run,
                out,
                new String[] {cfg.toString(), "--allow-config-change"},
                file.toString(),
                "line 2",
                "column 64: 'x' is not a number");
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    // ---------------------------------------------------------------- model files (evaluate, predict)

    private Path model(String name, byte[] content) {
        return BadInput.write(tmp.resolve("models"), name, content);
    }

    private byte[] goodModel() throws IOException {
        return Files.readAllBytes(BadInput.finishedRun().resolve("model.bin"));
    }

    private Path digitsConfig() {
        return new BadInput.Config().mode("new").write(tmp, tmp.resolve("unused"));
    }

    /** Evaluate with {@code model}, writing to a copy of the finished run; and predict with it. */
    private void bothRefuse(Path model, String... mentions) {
        Path cfg = digitsConfig();
        Path out = finishedCopy();
        rejects(
                ExitCode.BAD_MODEL,
                "evaluate",
                Evaluate::run,
                out,
                new String[] {cfg.toString(), "--model", model.toString(), "--data", "digits", "--out", out.toString()},
                mentions);
        Path predictions = tmp.resolve("predictions");
        rejects(
                ExitCode.BAD_MODEL,
                "predict",
                Predict::run,
                predictions,
                new String[] {
                    cfg.toString(), "--model", model.toString(), "--input", "digits", "--output", predictions.toString()
                },
                mentions);
    }

    @Test
    void aCorruptModelFile() throws IOException {
        byte[] b = goodModel();
        b[b.length / 2] ^= 0x10;
        Path m = model("corrupt.bin", b);
        bothRefuse(m, m.toString(), "corrupt");
    }

    @Test
    void aTruncatedModelFile() throws IOException {
        byte[] b = goodModel();
        Path m = model("truncated.bin", Arrays.copyOf(b, b.length - 100));
        bothRefuse(m, m.toString(), "truncated");
    }

    @Test
    void aModelFileFromANewerFormatVersion() throws IOException {
        Path m = model("v9.bin", BadInput.withVersion(goodModel(), 9));
        bothRefuse(m, m.toString(), "format version 9", "upgrade");
    }

    @Test
    void aMissingModelFile() {
        Path m = tmp.resolve("models/none.bin");
        bothRefuse(m, m.toString(), "not found");
    }

    @Test
    void aDataFileIsNotAModelFile() {
        Path m = JobTestSupport.write(tmp, "models/train.csv", goodRows(3));
        bothRefuse(m, m.toString(), "not a sparknn model file");
    }

    @Test
    void evaluateOnDataOfAnotherWidth() throws IOException {
        Path data = JobTestSupport.write(tmp, "data/test.csv", goodRows(10));
        Path cfg = new BadInput.Config().data(csv(data, "")).write(tmp, tmp.resolve("unused"));
        Path out = finishedCopy();
        rejects(
                ExitCode.BAD_DATA,
                "evaluate",
                Evaluate::run,
                out,
                new String[] {
                    cfg.toString(),
                    "--model",
                    BadInput.finishedRun().resolve("model.bin").toString(),
                    "--data",
                    data.toString(),
                    "--out",
                    out.toString()
                },
                data.toString(),
                "4 features",
                "64");
    }

    @Test
    void evaluateOnALabelTheModelDoesNotKnow() {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            rows.append("0,".repeat(64)).append(i == 4 ? 11 : i).append('\n');
        }
        Path data = JobTestSupport.write(tmp, "data/test.csv", rows.toString());
        Path cfg = new BadInput.Config().data(csv(data, "")).write(tmp, tmp.resolve("unused"));
        Path out = finishedCopy();
        rejects(
                ExitCode.BAD_DATA,
                "evaluate",
                Evaluate::run,
                out,
                new String[] {
                    cfg.toString(),
                    "--model",
                    BadInput.finishedRun().resolve("model.bin").toString(),
                    "--data",
                    data.toString(),
                    "--out",
                    out.toString()
                },
                data.toString(),
                "line 5",
                "label 11");
    }

    @Test
    void predictOutputThatExistsIsRefused() {
        Path predictions = BadInput.copy(BadInput.finishedRun(), tmp.resolve("predictions"));
        rejects(
                ExitCode.OUTPUT_REFUSED,
                "predict",
                Predict::run,
                predictions,
                new String[] {
                    digitsConfig().toString(),
                    "--model",
                    BadInput.finishedRun().resolve("model.bin").toString(),
                    "--input",
                    "digits",
                    "--output",
                    predictions.toString()
                },
                predictions.toString(),
                "already exists",
                "--overwrite");
    }

    @Test
    void predictOverwriteKeepsTheOldOutputWhenTheInputIsBad() {
        Path predictions = JobTestSupport.write(tmp, "predictions/part-00000", "3,0.1,0.9\n")
                .getParent();
        JobTestSupport.write(predictions, "_SUCCESS", "");
        Path input = JobTestSupport.write(tmp, "data/new.csv", "0,".repeat(64) + "0\n" + "0,".repeat(60) + "0\n");
        Path cfg = new BadInput.Config().data(csv(input, "")).write(tmp, tmp.resolve("unused"));
        rejects(
                ExitCode.BAD_DATA,
                "predict",
                Predict::run,
                predictions,
                new String[] {
                    cfg.toString(),
                    "--model",
                    BadInput.finishedRun().resolve("model.bin").toString(),
                    "--input",
                    input.toString(),
                    "--output",
                    predictions.toString(),
                    "--overwrite"
                },
                input.toString(),
                "line 2");
    }

    @Test
    void predictOnAMissingInputCreatesNoOutput() {
        Path predictions = tmp.resolve("predictions");
        Path input = tmp.resolve("data/none.csv");
        Path cfg = new BadInput.Config().data(csv(input, "")).write(tmp, tmp.resolve("unused"));
        rejects(
                ExitCode.BAD_DATA,
                "predict",
                Predict::run,
                predictions,
                new String[] {
                    cfg.toString(),
                    "--model",
                    BadInput.finishedRun().resolve("model.bin").toString(),
                    "--input",
                    input.toString(),
                    "--output",
                    predictions.toString()
                },
                input.toString(),
                "file not found");
    }

    // ---------------------------------------------------------------- usage

    @Test
    void usageErrorsExitWithTwoAndPrintTheUsage() {
        String cfg = digitsConfig().toString();
        usage(Train::run, "train: one config file expected", Train.USAGE);
        usage(Train::run, "train: unknown option --resume", Train.USAGE, cfg, "--resume");
        usage(Train::run, "train: one config file expected", Train.USAGE, cfg, cfg);
        usage(Evaluate::run, "evaluate: option --model needs a value", Evaluate.USAGE, cfg, "--model");
        usage(
                Predict::run,
                "predict: a config file, --input and --output are required",
                Predict.USAGE,
                cfg,
                "--input",
                "x");
    }

    private static void usage(JobTestSupport.Job job, String first, String usage, String... args) {
        JobTestSupport.Result r = JobTestSupport.run(job, args);
        assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
        assertEquals(first + "\n" + usage, r.err().strip(), "the problem on one line, then the usage");
    }
}
