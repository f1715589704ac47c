package io.sparknn.jobs;

import io.sparknn.trainer.config.ConfigException;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkFiles;

/**
 * Reads a job config from any Hadoop path, or from a {@code --files} upload: a cluster-mode driver
 * cannot read the submitter's disk, so a bare file name that is not found is looked up among the
 * files shipped with the application: in the working directory (YARN), then where Spark keeps them
 * ({@link SparkFiles}: standalone and Kubernetes).
 */
final class ConfigFiles {
    private ConfigFiles() {}

    /**
     * The config read before Spark starts, so a mistake is reported in a second; null when it can
     * only be found once Spark runs (a bare name shipped with {@code --files}).
     */
    static JobConfig readBeforeSpark(String location) {
        Configuration hadoop = new Configuration();
        try {
            Path p = new Path(location);
            String scheme = p.toUri().getScheme();
            if (scheme != null && !scheme.equals("file")) {
                return null; // remote file systems need Spark's Hadoop settings
            }
            if (!p.getFileSystem(hadoop).exists(p) && !location.contains("/") && inWorkingDirectory(location) == null) {
                return null;
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return read(location, hadoop);
    }

    /** {@code cfg} (null: not read yet) when it reads a table of examples, as evaluate and predict need. */
    static JobConfig tables(JobConfig cfg) {
        if (cfg != null) {
            cfg.table();
        }
        return cfg;
    }

    static JobConfig read(String location, Configuration hadoop) {
        return ConfigReader.parse(location, text(location, hadoop));
    }

    /**
     * The config's text; bytes that are not UTF-8 are an error naming their offset, where a lenient
     * decoder would put U+FFFD into a key or a path and report something else, or nothing.
     */
    static String utf8(String location, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new ConfigException(String.format(
                    "%s: byte %d: 0x%02x is not UTF-8 (a config file is UTF-8 JSON)",
                    location, in.position(), bytes[in.position()] & 0xff));
        }
        return out.flip().toString();
    }

    /**
     * A bare file name's file in this process's working directory on the local disk, as a Hadoop
     * path; null when there is no such file.
     * YARN puts the files shipped with {@code --files} there (the driver's container directory, in
     * cluster mode), not where {@link SparkFiles} looks; and with HDFS the default file system, a
     * bare name alone would be looked for in the user's HDFS home directory.
     */
    private static Path inWorkingDirectory(String name) {
        java.nio.file.Path local = java.nio.file.Path.of(name).toAbsolutePath();
        return java.nio.file.Files.isRegularFile(local) ? new Path(local.toUri()) : null;
    }

    static String text(String location, Configuration hadoop) {
        if (location.isBlank()) {
            throw new ConfigException("the config path is empty");
        }
        try {
            Path p = new Path(location);
            var fs = p.getFileSystem(hadoop);
            if (!fs.exists(p) && !location.contains("/")) {
                Path local = inWorkingDirectory(location);
                Path shipped = local != null ? local : new Path("file://" + SparkFiles.get(location));
                if (shipped.getFileSystem(hadoop).exists(shipped)) {
                    p = shipped;
                    fs = p.getFileSystem(hadoop);
                }
            }
            if (fs.exists(p) && fs.getFileStatus(p).isDirectory()) {
                throw new ConfigException(location + ": is a directory, not a config file");
            }
            try (InputStream in = fs.open(p)) {
                return utf8(location, in.readAllBytes());
            }
        } catch (FileNotFoundException e) {
            throw new ConfigException(location + ": config file not found");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(location + ": cannot read the config file: " + e.getMessage(), e);
        }
    }
}
