package io.sparknn.jobs;

import static io.sparknn.jobs.BadInput.csv;
import static io.sparknn.jobs.BadInput.goodRows;
import static io.sparknn.jobs.BadInput.idxImages;
import static io.sparknn.jobs.BadInput.idxLabels;
import static io.sparknn.jobs.BadInput.mlp;
import static io.sparknn.jobs.BadInput.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.trainer.data.CsvFormat;
import io.sparknn.trainer.data.ParsedExamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * More bad input, case by case, beside {@link BadInputTest}: each exits with its documented code,
 * prints one line naming the file and the line, byte, row or key, and leaves the output directory
 * (a copy of a finished run under {@code mode: overwrite}) as it was.
 */
class BadInputCasesTest {
    @TempDir
    Path tmp;

    private Path finishedCopy() {
        return BadInput.finishedCopy(tmp);
    }

    private String train(ExitCode code, BadInput.Config c, String... mentions) {
        Path out = finishedCopy();
        Path cfg = c.write(tmp, out);
        return rejects(code, "train", Train::run, out, new String[] {cfg.toString()}, mentions);
    }

    private String trainCsv(String content, String settings, String... mentions) {
        Path file = JobTestSupport.write(tmp, "data/train.csv", content);
        String[] all = Arrays.copyOf(mentions, mentions.length + 1);
        all[mentions.length] = file.toString();
        return train(
                ExitCode.BAD_DATA,
                new BadInput.Config().data(csv(file, settings)).network(mlp(4, 3)),
                all);
    }

    private static ParsedExamples parse(CsvFormat f, String content) throws IOException {
        return f.parse(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "mem.csv");
    }

    // ---------------------------------------------------------------- CSV

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            lower-case inf          | 1,2,3,-1,0\\n4,inf,6,7,1\\n        | line 2 | column 2: 'inf' is not a finite number
            nan                     | 1,2,3,-1,0\\n4,5,nan,7,1\\n        | line 2 | column 3: 'nan' is not a finite number
            +Infinity               | 1,2,3,-1,0\\n+Infinity,5,6,7,1\\n  | line 2 | column 1: '+Infinity' is not a finite number
            overflow 1e999          | 1,2,3,-1,0\\n4,5,6,1e999,1\\n      | line 2 | column 4: '1e999' is not a finite number
            Java double suffix      | 1,2,3,-1,0\\n4,5d,6,7,1\\n         | line 2 | column 2: '5d' is not a number
            Java float suffix       | 1,2,3,-1,0\\n4,5,6.5f,7,1\\n       | line 2 | column 3: '6.5f' is not a number
            hex float               | 1,2,3,-1,0\\n4,0x1p3,6,7,1\\n      | line 2 | column 2: '0x1p3' is not a number
            empty cell              | 1,2,3,-1,0\\n4,,6,7,1\\n           | line 2 | column 2: empty value
            quoted delimiter        | 1,2,3,-1,0\\n4,\"5,5\",6,7,1\\n    | line 2 | column 2: '5,5' is not a number
            text after a quote      | 1,2,3,-1,0\\n4,\"5\"x,6,7,1\\n     | line 2 | column 2: text after the closing quote
            label NaN               | 1,2,3,-1,0\\n4,5,6,7,NaN\\n        | line 2 | label 'NaN' is not an integer class index
            label 1e999             | 1,2,3,-1,0\\n4,5,6,7,1e999\\n      | line 2 | label '1e999' is not an integer class index
            label text              | 1,2,3,-1,0\\n4,5,6,7,cat\\n        | line 2 | label 'cat' is not an integer class index
            empty label             | 1,2,3,-1,0\\n4,5,6,7,\\n           | line 2 | column 5: empty label
            label too large         | 1,2,3,-1,0\\n4,5,6,7,99999999999\\n | line 2 | too large for a class index
            trailing delimiter      | 1,2,3,-1,0,\\n4,5,6,7,1,\\n        | line 1 | column 6: empty label
            one long row mid-file   | 1,2,3,-1,0\\n1,2,3,-1,0\\n\\n4,5,6,7,8,1\\n | line 4 | expected 5 columns, got 6
            tab-separated           | 1\\t2\\t3\\t4\\t0\\n                 | line 1 | got 1 column
            """)
    void aMalformedCsvValue(String name, String content, String line, String problem) {
        trainCsv(content.replace("\\n", "\n").replace("\\t", "\t"), "", line, problem);
    }

    @Test
    void aHeaderWithoutRows() {
        trainCsv("a,b,c,d,label\n", "'header': 'first'", "line 2: no data rows after the header on line 1");
    }

    @Test
    void aHeaderWithANonNumericColumnNamesIt() {
        trainCsv(
                "a,b,c,d,label\n1,2,3,4,0\n1,x,3,4,1\n",
                "'header': 'first'",
                "line 3: column 2 (b): 'x' is not a number");
    }

    @Test
    void aHeaderLineReadAsData() {
        trainCsv("a,b,c,d,label\n1,2,3,4,0\n", "", "line 1: column 1: 'a' is not a number");
    }

    @Test
    void aLabelColumnThatDoesNotExist() {
        trainCsv(goodRows(10), "'label_column': 7", "line 1: label column 7 does not exist in 5 columns");
    }

    @Test
    void aDirectoryOfFilesOfDifferentWidths() {
        JobTestSupport.write(tmp, "data/dir/part-0.csv", goodRows(10));
        Path odd = JobTestSupport.write(tmp, "data/dir/part-1.csv", "1,2,3,0\n4,5,6,1\n");
        Path dir = tmp.resolve("data/dir");
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config().data(csv(dir, "")).network(mlp(4, 3)),
                odd.toString(),
                "rows have 3 features",
                "part-0.csv has 4");
    }

    @Test
    void anEmptyDataDirectory() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data/empty"));
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config().data(csv(dir, "")).network(mlp(4, 3)),
                dir.toString(),
                "no data files");
    }

    @Test
    void aCorruptGzippedCsv() {
        byte[] z = BadInput.gzip(goodRows(400).getBytes(StandardCharsets.UTF_8));
        z[z.length / 2] ^= 0x5a;
        Path file = BadInput.write(tmp.resolve("data"), "train.csv.gz", z);
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config().data(csv(file, "")).network(mlp(4, 3)),
                file.toString(),
                "of the gunzipped content",
                "gzip");
    }

    @Test
    void aTruncatedGzippedCsv() {
        byte[] z = BadInput.gzip(goodRows(400).getBytes(StandardCharsets.UTF_8));
        Path file = BadInput.write(tmp.resolve("data"), "train.csv.gz", Arrays.copyOf(z, z.length - 20));
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config().data(csv(file, "")).network(mlp(4, 3)),
                file.toString(),
                "truncated gzip");
    }

    @Test
    void anEmptyDataPath() {
        train(
                ExitCode.BAD_CONFIG,
                new BadInput.Config().data("'format': 'csv', 'train': ''").network(mlp(4, 3)),
                "key 'data.train' must not be empty");
    }

    @ParameterizedTest(name = "delimiter {0}")
    @ValueSource(strings = {"\\\"", "\\n", "\\r"})
    void aDelimiterTheCsvRulesReserve(String jsonEscaped) {
        train(
                ExitCode.BAD_CONFIG,
                new BadInput.Config()
                        .data("'format': 'csv', 'train': 'x.csv', 'delimiter': '"
                                + jsonEscaped.replace("\\\"", "\\u0022") + "'"),
                "key 'data.delimiter'");
    }

    @Test
    void aTestSetLabelUnseenInTraining() {
        Path trainFile = JobTestSupport.write(tmp, "data/train.csv", "1,2,3,4,a\n1,2,3,4,b\n2,2,3,4,c\n1,2,3,4,a\n");
        Path testFile = JobTestSupport.write(tmp, "data/test.csv", "1,2,3,4,a\n1,2,3,4,d\n");
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config()
                        .data(csv(trainFile, "'labels': 'string', 'test': '" + testFile + "'"))
                        .network(mlp(4, 3)),
                testFile.toString(),
                "line 2",
                "label 'd' is not one of the 3 declared classes [a, b, c]");
    }

    @Test
    void crlfBomAndBlankLinesAreRead() throws IOException {
        ParsedExamples p = parse(CsvFormat.defaults(), "\uFEFF1,2.5,0\r\n\r\n3,4,1\r\n\n\n");
        assertEquals(2, p.n);
        assertEquals(2, p.width);
        assertEquals(1f, p.features[0]);
        assertEquals(4f, p.features[3]);
        assertEquals(1, p.labels[1]);
        assertEquals(3, p.skippedBlank);
    }

    @Test
    void aBomBeforeAHeaderIsNotPartOfTheFirstName() throws IOException {
        ParsedExamples p = parse(CsvFormat.defaults().withHeader(CsvFormat.Header.NAMES), "\uFEFFa,b,y\n1,2,0\n");
        assertEquals(1, p.n);
    }

    @Test
    void aUtf16CsvSaysSo() {
        byte[] text = "1,2,3,4,0\n1,2,3,4,1\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[text.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(text, 0, withBom, 2, text.length);
        Path file = BadInput.write(tmp.resolve("data"), "utf16.csv", withBom);
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config().data(csv(file, "")).network(mlp(4, 3)),
                file.toString(),
                "byte 0 (line 1): invalid UTF-8",
                "UTF-16 byte order mark: save it as UTF-8");
    }

    @Test
    void aQuotedNumberIsANumber() throws IOException {
        ParsedExamples p = parse(CsvFormat.defaults(), "\"1.5\",2,\"1\"\n");
        assertEquals(1.5f, p.features[0]);
        assertEquals(1, p.labels[0]);
    }

    // ---------------------------------------------------------------- LIBSVM

    private String trainLibsvm(String content, String more, String... mentions) {
        Path file = JobTestSupport.write(tmp, "data/train.svm", content);
        String[] all = Arrays.copyOf(mentions, mentions.length + 1);
        all[mentions.length] = file.toString();
        return train(
                ExitCode.BAD_DATA,
                new BadInput.Config()
                        .data("'format': 'libsvm', 'train': '" + file + "'" + more)
                        .network(mlp(4, 3)),
                all);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            index 0              | 0 1:1 2:1\\n1 0:1 2:1\\n       | line 2 | index 0 is not allowed: LIBSVM indices start at 1
            negative index       | 0 1:1\\n1 -2:1\\n              | line 2 | index -2 is not allowed
            indices out of order | 0 1:1 3:1\\n1 3:1 2:1\\n       | line 2 | index 2 does not increase (the previous index is 3)
            duplicate index      | 0 1:1\\n1 2:1 2:1\\n           | line 2 | index 2 does not increase (the previous index is 2)
            no colon             | 0 1:1\\n1 2=1\\n               | line 2 | expected index:value
            index not a number   | 0 1:1\\n1 a:1\\n               | line 2 | index 'a' is not an integer
            empty value          | 0 1:1\\n1 2:\\n                | line 2 | empty value
            value not a number   | 0 1:1\\n1 2:x\\n               | line 2 | 'x' is not a number
            NaN value            | 0 1:1\\n1 2:NaN\\n             | line 2 | 'NaN' is not a finite number
            missing label        | 0 1:1\\n1:0.5 2:1\\n           | line 2 | no label
            negative label       | 0 1:1\\n-1 2:1\\n              | line 2 | is negative
            label out of range   | 0 1:1\\n7 2:1\\n               | line 2 | label 7 is out of range
            query id             | 0 qid:1 1:1\\n                 | line 1 | query ids (qid) are not supported
            """)
    void aMalformedLibsvmLine(String name, String content, String line, String problem) {
        trainLibsvm(content.replace("\\n", "\n"), "", line, problem);
    }

    @Test
    void aNanRegressionTarget() {
        Path file = JobTestSupport.write(tmp, "data/train.svm", "0.5 1:1\nNaN 2:1\n");
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config()
                        .data("'format': 'libsvm', 'train': '" + file + "', 'labels': 'float'")
                        .network("'input': [4], 'layers': [{'type': 'dense', 'units': 1}], 'loss': 'mse'"),
                file.toString(),
                "line 2",
                "'NaN' is not a finite number");
    }

    @Test
    void anEmptyLibsvmFile() {
        trainLibsvm("", "", "line 1: empty file");
    }

    // ---------------------------------------------------------------- IDX

    private String trainIdx(byte[] images, byte[] labels, String... mentions) {
        Path dir = tmp.resolve("idx");
        Path im = BadInput.write(dir, "images-idx3-ubyte.gz", images);
        Path lb = BadInput.write(dir, "labels-idx1-ubyte", labels);
        return train(
                ExitCode.BAD_DATA,
                new BadInput.Config()
                        .data("'format': 'idx', 'train': '" + im + "', 'train_labels': '" + lb + "'")
                        .network(mlp(16, 10)),
                mentions);
    }

    @Test
    void anEmptyIdxFile() {
        trainIdx(
                new byte[0],
                idxLabels(10, 10),
                "images-idx3-ubyte.gz byte 0",
                "truncated header: expected 16 bytes, found 0");
    }

    @Test
    void aTruncatedIdxHeader() {
        trainIdx(
                Arrays.copyOf(idxImages(10, 4, 4), 10),
                idxLabels(10, 10),
                "images-idx3-ubyte.gz byte 10",
                "truncated header");
    }

    @Test
    void aTruncatedIdxLabelsFile() {
        byte[] lb = idxLabels(10, 10);
        trainIdx(
                idxImages(10, 4, 4),
                Arrays.copyOf(lb, lb.length - 3),
                "labels-idx1-ubyte byte 15",
                "truncated: expected 10 label bytes");
    }

    @Test
    void aPlainIdxFileWithExtraBytes() {
        byte[] im = Arrays.copyOf(idxImages(10, 4, 4), 16 + 160 + 5);
        trainIdx(im, idxLabels(10, 10), "images-idx3-ubyte.gz byte 176", "data after the 10 images");
    }

    @Test
    void imagesAndLabelsSwapped() {
        trainIdx(idxLabels(10, 10), idxImages(10, 4, 4), "images-idx3-ubyte.gz byte 0", "wrong magic: expected 2051");
    }

    @Test
    void anIdxHeaderThatPromisesMoreThanTheFileHolds() {
        // 2,000,000 images of 28x28 would be 6.3 GB of floats: the reader must not allocate before the bytes arrive
        byte[] im = idxImages(10, 4, 4);
        java.nio.ByteBuffer.wrap(im).putInt(4, 2_000_000).putInt(8, 28).putInt(12, 28);
        trainIdx(im, idxLabels(10, 10), "images-idx3-ubyte.gz byte 176", "truncated: expected 1568000000 pixel bytes");
    }

    // ---------------------------------------------------------------- Parquet

    private Path parquet(String name, String select) {
        JobTestSupport.spark();
        Path dir = tmp.resolve("data/" + name);
        org.apache.spark.sql.SparkSession.active().sql(select).write().parquet(dir.toString());
        return dir;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            null array element  | select array(1.0d, cast(null as double), 2.0d, 3.0d) as features, 1 as label | features | row 1: feature 2 is null
            string array        | select array('a', 'b', 'c', 'd') as features, 1 as label                   | features | row 1: feature 1 is 'a' (String); a number is needed
            beyond float range  | select array(1.0d, 1e300d, 2.0d, 3.0d) as features, 1 as label             | features | row 1: feature 2 is 1.0E300, beyond the float range
            column beyond float | select 1.0d as a, 2.0d as b, 3.0d as c, -1e300d as d, 1 as label          | *        | row 1: column 'd' is -1.0E300, beyond the float range
            NaN column          | select 1.0d as a, 2.0d as b, double('NaN') as c, 1.0d as d, 1 as label     | *        | row 1: column 'c' is NaN
            """)
    void aBadParquetValueNamesTheRow(String name, String select, String featuresColumn, String problem) {
        Path dir = parquet("pq", select);
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config()
                        .data("'format': 'parquet', 'train': '" + dir + "', 'features_column': '" + featuresColumn
                                + "'")
                        .network(mlp(4, 3)),
                dir.toString(),
                problem);
    }

    @Test
    void aNanRegressionTargetInParquet() {
        Path dir = parquet("pq", "select array(1.0d, 1.0d, 2.0d, 3.0d) as features, double('NaN') as label");
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config()
                        .data("'format': 'parquet', 'train': '" + dir + "', 'labels': 'float'")
                        .network("'input': [4], 'layers': [{'type': 'dense', 'units': 1}], 'loss': 'mse'"),
                dir.toString(),
                "row 1: the label is NaN");
    }

    @Test
    void aDamagedParquetFile() throws IOException {
        Path dir = parquet(
                "pq",
                "select array(double(id), 1.0d, 2.0d, 3.0d) as features, int(id % 3) as label " + "from range(2000)");
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList()) {
                byte[] b = Files.readAllBytes(f);
                for (int i = 4; i < b.length / 2; i++) {
                    b[i] ^= 0x5a;
                }
                Files.write(f, b);
            }
        }
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config()
                        .data("'format': 'parquet', 'train': '" + dir + "'")
                        .network(mlp(4, 3)),
                dir.toString(),
                "is not a readable Parquet file (Checksum error");
    }

    /** Files that end before a Parquet file would: the checks run on the driver, before Spark reads them. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"truncated", "footer", "tiny"})
    void aFileThatIsNotAWholeParquetFile(String kind) throws IOException {
        byte[] bytes;
        String message;
        switch (kind) {
            case "truncated" -> {
                bytes = "PAR1 the first row group, and then the file ends".getBytes(StandardCharsets.US_ASCII);
                message = "is not a whole Parquet file (or an encrypted one): it does not end with PAR1 (truncated?)";
            }
            case "footer" -> {
                // a footer length of 1 MiB in a 20-byte file
                bytes = java.nio.ByteBuffer.allocate(20)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .put("PAR1".getBytes(StandardCharsets.US_ASCII))
                        .position(12)
                        .putInt(1 << 20)
                        .put("PAR1".getBytes(StandardCharsets.US_ASCII))
                        .array();
                message = "is not a whole Parquet file: its footer of 1048576 bytes does not fit in its 20 bytes";
            }
            default -> {
                bytes = "PAR1".getBytes(StandardCharsets.US_ASCII);
                message = "is not a Parquet file: 4 bytes, fewer than a header and footer take";
            }
        }
        Path dir = tmp.resolve("data/pq-" + kind);
        Files.createDirectories(dir);
        Path file = Files.write(dir.resolve("part-00000.parquet"), bytes);
        String line = train(
                ExitCode.BAD_DATA,
                new BadInput.Config()
                        .data("'format': 'parquet', 'train': '" + dir + "'")
                        .network(mlp(4, 3)));
        assertTrue(line.endsWith(file + ": " + message), line);
    }

    @Test
    void aFileThatIsNotParquet() {
        Path file = JobTestSupport.write(tmp, "data/notpq/part-0.parquet", goodRows(3));
        Path dir = file.getParent();
        train(
                ExitCode.BAD_DATA,
                new BadInput.Config()
                        .data("'format': 'parquet', 'train': '" + dir + "'")
                        .network(mlp(4, 3)),
                file + ": is not a Parquet file: it does not start with PAR1");
    }

    // ---------------------------------------------------------------- config

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            float for an integer    | training | 'batch_size': 1.5, 'epochs': 1       | key 'training.batch_size' must be an integer, got 1.5
            huge batch size         | training | 'batch_size': 1000000000000, 'epochs': 1 | key 'training.batch_size' must be in [1, 2147483647], got 1000000000000
            exponent batch size     | training | 'batch_size': 1e12, 'epochs': 1      | key 'training.batch_size' must be an integer
            beyond long             | training | 'batch_size': 8, 'epochs': 1, 'seed': 18446744073709551617 | key 'training.seed' must be in
            null value              | training | 'batch_size': null, 'epochs': 1      | key 'training.batch_size' is null
            boolean for a number    | training | 'batch_size': true, 'epochs': 1      | key 'training.batch_size' must be an integer, got true
            object for a number     | training | 'batch_size': {}, 'epochs': 1        | key 'training.batch_size' must be an integer
            string for a flag       | data     | 'format': 'builtin', 'train': 'digits', 'skip_malformed': 'yes' | key 'data.skip_malformed' must be true or false
            missing format          | data     | 'train': 'digits'                      | key 'data.format' is missing
            schedule not an object  | extra    | , 'schedule': 5                        | key 'schedule' must be an object
            misspelled output key   | output   | 'checkpoint_evry': 20                  | unknown key 'output.checkpoint_evry'
            empty layers            | network  | 'input': [64], 'layers': []            | key 'network.layers' must hold at least one layer
            layers not a list       | network  | 'input': [64], 'layers': {'type': 'dense'} | key 'network.layers' must be a list
            zero input              | network  | 'input': [0], 'layers': [{'type': 'dense', 'units': 10}] | key 'network.input' must be a list of positive integers
            float units             | network  | 'input': [64], 'layers': [{'type': 'dense', 'units': 1.5}] | key 'network.layers[0].units' must be an integer, got 1.5
            null units              | network  | 'input': [64], 'layers': [{'type': 'dense', 'units': null}] | key 'network.layers[0].units' is null
            null learning rate      | optimizer | 'type': 'adam', 'lr': null          | key 'optimizer.lr' is null
            null nested object      | extra    | , 'schedule': null                     | key 'schedule' is null
            zero units              | network  | 'input': [64], 'layers': [{'type': 'dense', 'units': 0}] | key 'network.layers[0].units' must be an integer >= 1, got 0
            missing units           | network  | 'input': [64], 'layers': [{'type': 'dense'}] | missing key 'network.layers[0].units'
            layer without type      | network  | 'input': [64], 'layers': [{'units': 10}] | key 'network.layers[0].type' is missing
            conv on a flat input    | network  | 'input': [64], 'layers': [{'type': 'conv2d', 'filters': 4, 'kernel': 3}, {'type': 'flatten'}, {'type': 'dense', 'units': 10}] | network.layers[0] (conv2d) with input 64
            string learning rate    | optimizer | 'type': 'sgd', 'lr': 'fast'        | key 'optimizer.lr' must be a number, got 'fast'
            unknown optimizer       | optimizer | 'type': 'adamw2', 'lr': 0.1        | key 'optimizer.type' must be one of sgd, adagrad, adadelta, rmsprop, adam, adamw, lbfgs, lars, lamb, hessian_free, kfac, got 'adamw2'
            NaN learning rate       | optimizer | 'type': 'adam', 'lr': NaN           | key 'optimizer.lr' must be a number, got NaN: NaN and Infinity are not JSON numbers
            Infinity clip norm      | training | 'batch_size': 8, 'epochs': 1, 'clip_norm': Infinity | key 'training.clip_norm' must be a number, got Infinity
            number beyond a double  | training | 'batch_size': 8, 'epochs': 1, 'clip_norm': 1e400 | key 'training.clip_norm' must be a number within a double's range (about ±1.8e308), got 1e400
            beta at its bound       | optimizer | 'type': 'adam', 'beta2': 1          | key 'optimizer.beta2' must be in [0, 1) as PyTorch requires
            schedule field          | extra    | , 'schedule': {'type': 'step', 'step_size': 0} | key 'schedule.step_size' must be an integer >= 1, got 0
            key of another format   | data     | 'format': 'builtin', 'train': 'digits', 'delimiter': ';' | key 'data.delimiter' does not apply to format builtin: leave it out
            key of another optimizer | optimizer | 'type': 'sgd', 'beta1': 0.5          | key 'optimizer.beta1' does not apply to sgd (it takes lr, momentum, dampening, nesterov, weight_decay)
            lamb exclusion of no kind | optimizer | 'type': 'lamb', 'exclude': 'biases' | key 'optimizer.exclude' must be one of none, bias_and_norm, got 'biases'
            lars negative trust      | optimizer | 'type': 'lars', 'trust_coefficient': -0.001 | key 'optimizer.trust_coefficient' must be a finite number >= 0, got -0.001
            lars misspelled key      | optimizer | 'type': 'lars', 'trust_coef': 0.01  | unknown key 'optimizer.trust_coef'
            lamb key of sgd          | optimizer | 'type': 'lamb', 'momentum': 0.9     | key 'optimizer.momentum' does not apply to lamb (it takes lr, beta1, beta2, eps, weight_decay, exclude)
            char-lm config key      | training | 'batch_size': 8, 'epochs': 1, 'precision': 'float64' | key 'training.precision' is a key of the char-lm config of earlier versions: it moved to network.precision
            bad precision           | network  | 'input': [64], 'precision': 'float16', 'layers': [{'type': 'dense', 'units': 10}] | key 'network.precision' must be one of
            """)
    void aBadConfigValue(String name, String part, String value, String mention) {
        BadInput.Config c = new BadInput.Config();
        String v = value;
        switch (part) {
            case "extra" -> c.extra(v);
            case "training" -> c.training(v);
            case "optimizer" -> c.optimizer(v);
            case "network" -> c.network(v);
            case "output" -> c.output(v);
            case "data" -> c.data(v);
            default -> throw new IllegalArgumentException(part);
        }
        train(ExitCode.BAD_CONFIG, c, tmp.resolve("config.json").toString(), mention);
    }

    @Test
    void hessianFreeOnANetworkWithBatchNormIsABadConfig() {
        train(
                ExitCode.BAD_CONFIG,
                new BadInput.Config()
                        .optimizer("'type': 'hessian_free'")
                        .network("'input': [64], 'layers': [{'type': 'dense', 'units': 8}, {'type': 'batchnorm'}, "
                                + "{'type': 'relu'}, {'type': 'dense', 'units': 10}]"),
                tmp.resolve("config.json").toString(),
                "key 'optimizer.type' is hessian_free, but the network's layer 2 (batchnorm) has no "
                        + "Gauss-Newton-vector product");
    }

    @Test
    void bothWarmUpsAreABadConfig() {
        train(
                ExitCode.BAD_CONFIG,
                new BadInput.Config()
                        .training("'batch_size': 8, 'epochs': 1, 'warmup_steps': 5")
                        .extra(", 'schedule': {'type': 'cosine', 't_max': 100, 'warmup': 10}"),
                tmp.resolve("config.json").toString(),
                "key 'training.warmup_steps' is 5 and schedule.warmup is 10: they are different warm-ups");
    }

    @Test
    void aLayerWithMoreParametersThanAnArrayHolds() {
        train(
                ExitCode.BAD_CONFIG,
                new BadInput.Config()
                        .network("'input': [64], 'layers': [{'type': 'dense', 'units': 2000000000}, "
                                + "{'type': 'dense', 'units': 10}]"),
                "network.layers[0] (dense) with input 64 takes the network past 2,147,483,647 parameters, the most one flat array holds");
    }

    @Test
    void aNetworkLargerThanTheDriversHeap() {
        // 1.5e9 parameters fit one array but not three copies (18 GB) in a test JVM's heap
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < 18e9);
        train(
                ExitCode.BAD_CONFIG,
                new BadInput.Config()
                        .network("'input': [64], 'layers': [{'type': 'dense', 'units': 20000000}, "
                                + "{'type': 'dense', 'units': 10}]"),
                "network: 1,500,000,010 parameters need at least 18.0 GB",
                "--driver-memory with spark-submit, SPARKNN_DRIVER_MEMORY with bin/sparknn");
    }

    private Path regressionData() {
        return JobTestSupport.write(tmp, "data/reg.svm", "0.5 1:1\n1.5 2:1\n0.5 1:1\n1.5 2:1\n0.5 1:1\n1.5 2:1\n");
    }

    @Test
    void regressionTargetsForASoftmaxNetwork() {
        train(
                ExitCode.BAD_CONFIG,
                new BadInput.Config()
                        .data("'format': 'libsvm', 'train': '" + regressionData() + "', " + "'labels': 'float'")
                        .network(mlp(4, 3)),
                "key 'data.labels' is float",
                "softmax_cross_entropy needs class labels");
    }

    @Test
    void classLabelsForAnMseNetwork() {
        train(
                ExitCode.BAD_CONFIG,
                new BadInput.Config()
                        .network("'input': [64], 'layers': [{'type': 'dense', 'units': 10}], " + "'loss': 'mse'"),
                "network.loss mse needs one float target per row",
                "format builtin");
    }

    @Test
    void oneRegressionTargetForThreeOutputs() {
        train(
                ExitCode.BAD_CONFIG,
                new BadInput.Config()
                        .data("'format': 'libsvm', 'train': '" + regressionData() + "', " + "'labels': 'float'")
                        .network("'input': [4], 'layers': [{'type': 'dense', 'units': 3}], 'loss': 'mse'"),
                "the network outputs 3 values per example",
                "one target per row");
    }

    private String configText(String text, String name, String... mentions) {
        Path out = finishedCopy();
        Path cfg = JobTestSupport.write(tmp, name, text);
        String[] all = Arrays.copyOf(mentions, mentions.length + 1);
        all[mentions.length] = cfg.toString();
        return rejects(ExitCode.BAD_CONFIG, "train", Train::run, out, new String[] {cfg.toString()}, all);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            comment        | {\\n  // note\\n  "data"                  | line 2, column 3: Unexpected character ('/' (code 47)): maybe a (non-standard) comment?
            single quotes  | "seed"                                      | was expecting double-quote to start field name
            leading zero   | "batch_size": 0128                          | Leading zeroes not allowed
            two documents  | APPEND {}                                   | line 8, column 1: more content after the config's closing }
            cut short      | CUT                                         | the file ends inside an object or a list (a } or ] is missing)
            """)
    void malformedJsonInPlainWords(String name, String change, String message) {
        String base = new BadInput.Config().text(tmp.resolve("run"));
        String text = switch (name) {
            case "comment" -> base.replace("{\n  \"data\"", change.replace("\\n", "\n"));
            case "single quotes" -> base.replace("\"seed\"", "'seed'");
            case "leading zero" -> base.replace("\"batch_size\": 128", change);
            case "two documents" -> base + "{}";
            case "cut short" -> base.substring(0, base.length() - 3);
            default -> throw new IllegalArgumentException(name);
        };
        String m = configText(text, "bad.json", "not valid JSON", message);
        assertTrue(!m.contains("Feature") && !m.contains("REDACTED") && !m.contains("jackson"), m);
    }

    @Test
    void anEmptyConfigPath() {
        rejects(
                ExitCode.BAD_CONFIG,
                "train",
                Train::run,
                finishedCopy(),
                new String[] {""},
                "the config path is empty");
    }

    @Test
    void aConfigThatIsNotJson() {
        configText("data:\n  format: csv\n", "config.yaml", "not valid JSON at line 1");
    }

    @Test
    void aTrailingComma() {
        String text =
                new BadInput.Config().text(tmp.resolve("run")).replace("'seed': 3".replace('\'', '"'), "\"seed\": 3,");
        configText(text, "comma.json", "not valid JSON at line 5");
    }

    @Test
    void aRepeatedKeyInsideALayer() {
        String text =
                new BadInput.Config().text(tmp.resolve("run")).replace("\"units\": 16", "\"units\": 16, \"units\": 32");
        configText(text, "twice.json", "key 'network.layers[0].units' appears twice (both on line 3): keep one");
    }

    @Test
    void aConfigThatIsAList() {
        configText("[1, 2]\n", "list.json", "the config must be an object");
    }

    @Test
    void aConfigWithAByteOrderMarkIsRead() {
        Path out = tmp.resolve("bom-run");
        Path cfg = JobTestSupport.write(
                tmp,
                "bom.json",
                "\uFEFF"
                        + new BadInput.Config()
                                .mode("new")
                                .training("'batch_size': 128, 'epochs': 1, 'seed': 3, 'max_steps': 1")
                                .text(out));
        JobTestSupport.Result r = JobTestSupport.run(Train::run, cfg.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void aConfigPathThatIsADirectory() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("conf.d"));
        Path out = finishedCopy();
        rejects(
                ExitCode.BAD_CONFIG,
                "train",
                Train::run,
                out,
                new String[] {dir.toString()},
                dir.toString(),
                "is a directory");
    }

    @Test
    void anEmptyOutputDir() {
        Path out = finishedCopy();
        Path cfg = JobTestSupport.write(
                tmp, "config.json", new BadInput.Config().text(out).replace(out.toString(), ""));
        rejects(
                ExitCode.BAD_CONFIG,
                "train",
                Train::run,
                out,
                new String[] {cfg.toString()},
                cfg.toString(),
                "key 'output.dir' must not be empty");
    }

    // ---------------------------------------------------------------- model files

    private Path model(String name, byte[] content) {
        return BadInput.write(tmp.resolve("models"), name, content);
    }

    private byte[] goodModel() throws IOException {
        return Files.readAllBytes(BadInput.finishedRun().resolve("model.bin"));
    }

    private void bothRefuse(ExitCode code, Path model, String... mentions) {
        Path cfg = new BadInput.Config().mode("new").write(tmp, tmp.resolve("unused"));
        Path out = finishedCopy();
        rejects(
                code,
                "evaluate",
                Evaluate::run,
                out,
                new String[] {cfg.toString(), "--model", model.toString(), "--data", "digits", "--out", out.toString()},
                mentions);
        Path predictions = tmp.resolve("predictions");
        rejects(
                code,
                "predict",
                Predict::run,
                predictions,
                new String[] {
                    cfg.toString(), "--model", model.toString(), "--input", "digits", "--output", predictions.toString()
                },
                mentions);
    }

    @Test
    void anEmptyModelFile() {
        Path m = model("empty.bin", new byte[0]);
        bothRefuse(ExitCode.BAD_MODEL, m, m.toString());
    }

    @ParameterizedTest(name = "cut to {0} bytes")
    @ValueSource(ints = {4, 8, 19, 20, 40, 200, -4, -1})
    void aModelFileCutShort(int keep) throws IOException {
        byte[] b = goodModel();
        int length = keep >= 0 ? keep : b.length + keep;
        Path m = model("cut.bin", Arrays.copyOf(b, length));
        bothRefuse(ExitCode.BAD_MODEL, m, m.toString());
    }

    @ParameterizedTest(name = "byte {0} flipped")
    @ValueSource(ints = {0, 9, 13, 30, -2})
    void aModelFileWithAFlippedByte(int at) throws IOException {
        byte[] b = goodModel();
        b[at >= 0 ? at : b.length + at] ^= 0x01;
        Path m = model("flipped.bin", b);
        bothRefuse(ExitCode.BAD_MODEL, m, m.toString());
    }

    @Test
    void aModelFileWithBytesAppended() throws IOException {
        byte[] b = goodModel();
        Path m = model("long.bin", Arrays.copyOf(b, b.length + 7));
        bothRefuse(ExitCode.BAD_MODEL, m, m.toString());
    }

    @Test
    void aRunDirectoryAsTheModelReadsItsModel() {
        Path cfg = new BadInput.Config().mode("new").write(tmp, tmp.resolve("unused"));
        Path predictions = tmp.resolve("predictions");
        JobTestSupport.Result r = JobTestSupport.run(
                Predict::run,
                cfg.toString(),
                "--model",
                BadInput.finishedRun().toString(),
                "--input",
                "digits",
                "--output",
                predictions.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(predictions.resolve("_SUCCESS")));
    }

    @Test
    void aDirectoryWithoutAModelAsTheModel() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("models/nothing"));
        bothRefuse(ExitCode.BAD_MODEL, dir, dir.toString(), "is a directory without model.bin");
    }

    @Test
    void anEvaluationOutputThatIsAFile() {
        Path cfg = new BadInput.Config().mode("new").write(tmp, tmp.resolve("unused"));
        Path file = JobTestSupport.write(tmp, "out/eval", "keep me\n");
        rejects(
                ExitCode.OUTPUT_REFUSED,
                "evaluate",
                Evaluate::run,
                file,
                new String[] {
                    cfg.toString(),
                    "--model",
                    BadInput.finishedRun().toString(),
                    "--data",
                    "digits",
                    "--out",
                    file.toString()
                },
                file.toString(),
                "is a file, not a directory");
        rejects(
                ExitCode.OUTPUT_REFUSED,
                "evaluate",
                Evaluate::run,
                file,
                new String[] {
                    cfg.toString(),
                    "--model",
                    BadInput.finishedRun().toString(),
                    "--data",
                    "digits",
                    "--out",
                    file.resolve("sub").toString()
                },
                "cannot be created",
                file + " is a file");
    }

    @Test
    void aPredictionOutputUnderAFile() {
        Path cfg = new BadInput.Config().mode("new").write(tmp, tmp.resolve("unused"));
        Path file = JobTestSupport.write(tmp, "out/preds", "keep me\n");
        rejects(
                ExitCode.OUTPUT_REFUSED,
                "predict",
                Predict::run,
                file,
                new String[] {
                    cfg.toString(),
                    "--model",
                    BadInput.finishedRun().toString(),
                    "--input",
                    "digits",
                    "--output",
                    file.resolve("p").toString()
                },
                "cannot be created",
                file + " is a file");
    }

    @Test
    void predictOverwriteReplacesTheOldOutputAndLeavesNoStaging() throws IOException {
        Path cfg = new BadInput.Config().mode("new").write(tmp, tmp.resolve("unused"));
        Path predictions =
                JobTestSupport.write(tmp, "out/p/part-00007", "old\n").getParent();
        JobTestSupport.Result r = JobTestSupport.run(
                Predict::run,
                cfg.toString(),
                "--model",
                BadInput.finishedRun().toString(),
                "--input",
                "digits",
                "--output",
                predictions.toString(),
                "--overwrite");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(predictions.resolve("_SUCCESS")));
        assertTrue(Files.notExists(predictions.resolve("part-00007")));
        try (var list = Files.list(predictions.getParent())) {
            assertEquals(
                    java.util.List.of("p"),
                    list.map(p -> p.getFileName().toString()).toList());
        }
    }

    private String stringLabelledRun() {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            rows.append(i % 7)
                    .append(',')
                    .append(i % 5)
                    .append(",1,2,")
                    .append(new String[] {"cat", "dog", "emu"}[i % 3])
                    .append('\n');
        }
        Path data = JobTestSupport.write(tmp, "data/animals.csv", rows.toString());
        Path cfg = JobTestSupport.write(
                tmp,
                "animals.json",
                new BadInput.Config()
                        .mode("new")
                        .data(csv(data, "'labels': 'string'"))
                        .network(mlp(4, 3))
                        .text(tmp.resolve("animals-run")));
        assertEquals(0, JobTestSupport.run(Train::run, cfg.toString()).code());
        return cfg.toString();
    }

    @Test
    void predictOnRowsWithTheirClassNamesIgnoresThem() throws IOException {
        String cfg = stringLabelledRun();
        Path input = JobTestSupport.write(tmp, "data/new.csv", "1,2,1,2,cat\n3,4,1,2,dog\n");
        Path predictions = tmp.resolve("predictions");
        JobTestSupport.Result r =
                JobTestSupport.run(Predict::run, cfg, "--input", input.toString(), "--output", predictions.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(predictions.resolve("_SUCCESS")));
        Path bad = JobTestSupport.write(tmp, "data/bad.csv", "1,2,1,2,cat\n3,x,1,2,dog\n");
        Path out = tmp.resolve("p2");
        rejects(
                ExitCode.BAD_DATA,
                "predict",
                Predict::run,
                out,
                new String[] {cfg, "--input", bad.toString(), "--output", out.toString()},
                bad.toString(),
                "line 2: column 2: 'x' is not a number");
    }

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(strings = {"resume", "auto"})
    void aDamagedCheckpointIsNamedWhenNothingIsLeftToResume(String mode) throws IOException {
        Path out = finishedCopy();
        Files.delete(out.resolve("_SUCCESS"));
        try (var w = Files.walk(out.resolve("checkpoints"))) {
            for (Path f : w.filter(p -> p.getFileName().toString().equals("model.bin"))
                    .toList()) {
                byte[] b = Files.readAllBytes(f);
                b[b.length / 2] ^= 1;
                Files.write(f, b);
            }
        }
        Path cfg = new BadInput.Config().mode(mode).write(tmp, out);
        rejects(
                ExitCode.OUTPUT_REFUSED,
                "train",
                Train::run,
                out,
                new String[] {cfg.toString()},
                out.toString(),
                "(checkpoints/step-0000000012: ",
                "model.bin");
    }

    @Test
    void predictOverwriteRefusesADirectoryThatIsNotAPredictionOutput() {
        Path cfg = new BadInput.Config().mode("new").write(tmp, tmp.resolve("unused"));
        Path run = finishedCopy();
        rejects(
                ExitCode.OUTPUT_REFUSED,
                "predict",
                Predict::run,
                run,
                new String[] {
                    cfg.toString(),
                    "--model",
                    BadInput.finishedRun().toString(),
                    "--input",
                    "digits",
                    "--output",
                    run.toString(),
                    "--overwrite"
                },
                run.toString(),
                "which is not a prediction output's");
    }

    @Test
    void trainOverwriteRefusesADirectoryThatIsNotARun() {
        Path home = JobTestSupport.write(tmp, "home/notes.txt", "precious\n").getParent();
        Path cfg = new BadInput.Config().mode("overwrite").write(tmp, home);
        rejects(
                ExitCode.OUTPUT_REFUSED,
                "train",
                Train::run,
                home,
                new String[] {cfg.toString()},
                home.toString(),
                "holds no sparknn run");
    }

    // ---------------------------------------------------------------- command line

    @Test
    void evaluateAndPredictWithAMissingConfig() {
        Path cfg = tmp.resolve("nowhere.json");
        Path out = finishedCopy();
        rejects(
                ExitCode.BAD_CONFIG,
                "evaluate",
                Evaluate::run,
                out,
                new String[] {cfg.toString(), "--out", out.toString()},
                cfg.toString(),
                "config file not found");
        Path predictions = tmp.resolve("predictions");
        rejects(
                ExitCode.BAD_CONFIG,
                "predict",
                Predict::run,
                predictions,
                new String[] {cfg.toString(), "--input", "digits", "--output", predictions.toString()},
                cfg.toString(),
                "config file not found");
    }

    /** Latin-1 bytes in a config: one line naming the file and the offset, not a replaced key. */
    @Test
    void aConfigThatIsNotUtf8() throws IOException {
        Path out = finishedCopy();
        String good = new BadInput.Config().write(tmp, out).toString();
        byte[] text = Files.readAllBytes(Path.of(good));
        int brace = new String(text, StandardCharsets.UTF_8).indexOf('{');
        byte[] latin1 = new byte[text.length + 1];
        System.arraycopy(text, 0, latin1, 0, brace + 1);
        latin1[brace + 1] = (byte) 0xE9; // é in Latin-1, a lone continuation-less lead byte in UTF-8
        System.arraycopy(text, brace + 1, latin1, brace + 2, text.length - brace - 1);
        Path cfg = BadInput.write(tmp, "latin1.json", latin1);
        rejects(
                ExitCode.BAD_CONFIG,
                "train",
                Train::run,
                out,
                new String[] {cfg.toString()},
                cfg.toString(),
                "byte " + (brace + 1) + ": 0xe9 is not UTF-8");
    }

    @Test
    void moreUsageErrors() {
        String cfg = new BadInput.Config().write(tmp, tmp.resolve("unused")).toString();
        usage(Train::run, "train: unknown option --config", Train.USAGE, "--config", cfg);
        usage(Evaluate::run, "evaluate: one config file expected", Evaluate.USAGE);
        usage(Evaluate::run, "evaluate: unknown option --output", Evaluate.USAGE, cfg, "--output", "x");
        usage(Predict::run, "predict: option --output needs a value", Predict.USAGE, cfg, "--input", "x", "--output");
        usage(
                Predict::run,
                "predict: unknown option --overwite",
                Predict.USAGE,
                cfg,
                "--input",
                "x",
                "--output",
                "y",
                "--overwite");
    }

    private static void usage(JobTestSupport.Job job, String first, String usage, String... args) {
        JobTestSupport.Result r = JobTestSupport.run(job, args);
        assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
        assertEquals(first + "\n" + usage, r.err().strip());
    }
}
