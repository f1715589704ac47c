package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;

/**
 * Inputs for the bad-input tests: job configs written with single quotes (turned into double
 * quotes), IDX files, damaged model files, and the check every case makes: the documented exit
 * code, one line on stderr naming what is wrong, no stack trace, and an output directory whose
 * files have the same hashes after the job as before.
 */
final class BadInput {
    private BadInput() {}

    /** JSON written with single quotes, which reads better inside Java strings. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A job config in parts; each test changes the part it is about. */
    static final class Config {
        String data =
                "'format': 'builtin', 'train': 'digits', 'validation_fraction': 0.2, 'scaling': 'divide', 'divisor': 16";
        String network = "'input': [64], 'layers': [{'type': 'dense', 'units': 16}, {'type': 'relu'}, "
                + "{'type': 'dense', 'units': 10}], 'loss': 'softmax_cross_entropy'";
        String optimizer = "'type': 'adam', 'lr': 0.01";
        String training = "'batch_size': 128, 'epochs': 1, 'seed': 3";
        String output = "'checkpoint_every': 20";
        String mode = "overwrite";
        String extra = "";

        Config data(String d) {
            data = d;
            return this;
        }

        Config network(String n) {
            network = n;
            return this;
        }

        Config optimizer(String o) {
            optimizer = o;
            return this;
        }

        Config training(String t) {
            training = t;
            return this;
        }

        Config output(String o) {
            output = o;
            return this;
        }

        Config mode(String m) {
            mode = m;
            return this;
        }

        /** Extra top-level entries, written after the others: {@code , 'key': value}. */
        Config extra(String e) {
            extra = e;
            return this;
        }

        String text(Path out) {
            return json("{\n  'data': {" + data + "},\n  'network': {" + network + "},\n  'optimizer': {" + optimizer
                    + "},\n  'training': {" + training + "},\n  'output': {'dir': '"
                    + out.toString().replace("\\", "/")
                    + "', 'mode': '" + mode + "', " + output + "}" + extra + "\n}\n");
        }

        Path write(Path dir, Path out) {
            return JobTestSupport.write(dir, "config.json", text(out));
        }
    }

    /** A data section reading {@code file} as CSV with the given extra settings. */
    static String csv(Path file, String more) {
        return "'format': 'csv', 'train': '" + file + "', 'validation_fraction': 0.2"
                + (more.isEmpty() ? "" : ", " + more);
    }

    /** A network of {@code width} inputs and {@code classes} outputs. */
    static String mlp(int width, int classes) {
        return "'input': [" + width + "], 'layers': [{'type': 'dense', 'units': 8}, {'type': 'relu'}, "
                + "{'type': 'dense', 'units': " + classes + "}], 'loss': 'softmax_cross_entropy'";
    }

    /** {@code rows} CSV lines of 4 features and a class label 0..2. */
    static String goodRows(int rows) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            b.append(i % 7)
                    .append(',')
                    .append(i % 5)
                    .append(".5,")
                    .append(i % 3)
                    .append(",-1,")
                    .append(i % 3)
                    .append('\n');
        }
        return b.toString();
    }

    // ---- IDX ----

    static byte[] idxImages(int n, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * rows * cols);
        b.putInt(2051).putInt(n).putInt(rows).putInt(cols);
        for (int i = 0; i < n * rows * cols; i++) {
            b.put((byte) (i * 37));
        }
        return b.array();
    }

    static byte[] idxLabels(int n, int classes) {
        ByteBuffer b = ByteBuffer.allocate(8 + n);
        b.putInt(2049).putInt(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) (i % classes));
        }
        return b.array();
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- model files ----

    /**
     * A model file whose version field says {@code version}, with the checksum recomputed: an intact
     * file of another format version (the frame is magic 8 bytes, version int32, length int64, ...,
     * CRC32C of everything before the last 4 bytes).
     */
    static byte[] withVersion(byte[] model, int version) {
        byte[] b = model.clone();
        ByteBuffer.wrap(b).putInt(8, version);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    // ---- directories ----

    /** A copy of the tree at {@code from} under {@code to}. */
    private static Path finished;

    /**
     * A finished digits run, trained once per test JVM and shared by the bad-input test classes:
     * the directory the cases must not touch (they work on copies), and its model.
     */
    static synchronized Path finishedRun() {
        if (finished == null) {
            try {
                Path dir = Files.createTempDirectory("sparknn-bad-input");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                Path run = dir.resolve("finished");
                Path cfg = new Config().mode("new").write(dir, run);
                JobTestSupport.Result r = JobTestSupport.run(Train::run, cfg.toString());
                assertEquals(0, r.code(), r.err());
                assertTrue(Files.exists(run.resolve("_SUCCESS")));
                finished = run;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return finished;
    }

    /** A fresh copy of the finished run under {@code tmp}, for a case to (not) overwrite. */
    static Path finishedCopy(Path tmp) {
        return copy(finishedRun(), tmp.resolve("run"));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }

    static Path copy(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    // ---- the check ----

    /** Runs a job and checks what every bad input must give; returns the message for further checks. */
    static String rejects(
            ExitCode expected, String job, JobTestSupport.Job run, Path out, String[] args, String... mentions) {
        boolean existed = Files.exists(out);
        Map<String, String> before = JobTestSupport.hashes(out);
        JobTestSupport.Result r = JobTestSupport.run(run, args);
        assertEquals(expected.code(), r.code(), "exit code; stderr: " + r.err());
        String message = oneLine(job, r.err());
        for (String m : mentions) {
            assertTrue(message.contains(m), "expected '" + m + "' in: " + message);
        }
        assertEquals(existed, Files.exists(out), out + (existed ? " was removed" : " was created"));
        assertEquals(before, JobTestSupport.hashes(out), "files of " + out + " changed");
        return message;
    }

    /** stderr must be exactly one line {@code <job>: <message>} without a stack trace or exception class. */
    static String oneLine(String job, String err) {
        String text = err.strip();
        assertFalse(text.contains("\n"), "more than one line on stderr:\n" + err);
        assertTrue(text.startsWith(job + ": "), "not '" + job + ": <message>': " + text);
        assertFalse(
                text.matches(".*\\b[A-Za-z.]*(Exception|Error)\\b.*"), "an exception class in the message: " + text);
        return text.substring(job.length() + 2);
    }
}
