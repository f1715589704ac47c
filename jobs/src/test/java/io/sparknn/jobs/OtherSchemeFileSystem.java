package io.sparknn.jobs;

import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the scheme {@code other://}: a Hadoop file system that java.nio and
 * {@code FileSystem.getLocal} cannot open, so a test reading and writing through it shows that
 * the code goes through {@code Path.getFileSystem} as on HDFS or S3.
 */
public final class OtherSchemeFileSystem extends RawLocalFileSystem {
    /** Static: the superclass constructor already asks for the URI. */
    private static final URI NAME = URI.create("other:///");

    @Override
    public URI getUri() {
        return NAME;
    }

    @Override
    public String getScheme() {
        return "other";
    }

    /** A Hadoop configuration that knows the scheme. */
    static Configuration configuration() {
        Configuration c = new Configuration();
        c.set("fs.other.impl", OtherSchemeFileSystem.class.getName());
        c.setBoolean("fs.other.impl.disable.cache", true);
        return c;
    }

    /** {@code other:///...} for a local absolute path. */
    static String uri(java.nio.file.Path p) {
        return "other://" + p.toAbsolutePath();
    }
}
