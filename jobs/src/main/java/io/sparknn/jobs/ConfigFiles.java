package io.sparknn.jobs;

import io.sparknn.trainer.config.ConfigException;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkFiles;

/**
 * Reads a job config from any Hadoop path, or from a {@code --files} upload: a cluster-mode driver
 * cannot read the submitter's disk, so a bare file name that is not found is looked up among the
 * files Spark shipped with the application.
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
            if (!p.getFileSystem(hadoop).exists(p) && !location.contains("/")) {
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

    static String text(String location, Configuration hadoop) {
        if (location.isBlank()) {
            throw new ConfigException("the config path is empty");
        }
        try {
            Path p = new Path(location);
            var fs = p.getFileSystem(hadoop);
            if (!fs.exists(p) && !location.contains("/")) {
                Path shipped = new Path("file://" + SparkFiles.get(location));
                if (shipped.getFileSystem(hadoop).exists(shipped)) {
                    p = shipped;
                    fs = p.getFileSystem(hadoop);
                }
            }
            if (fs.exists(p) && fs.getFileStatus(p).isDirectory()) {
                throw new ConfigException(location + ": is a directory, not a config file");
            }
            try (InputStream in = fs.open(p)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (FileNotFoundException e) {
            throw new ConfigException(location + ": config file not found");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(location + ": cannot read the config file: " + e.getMessage(), e);
        }
    }
}
