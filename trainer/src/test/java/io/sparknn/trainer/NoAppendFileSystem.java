package io.sparknn.trainer;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk under the scheme {@code noappend://}, without append, as an object store (S3
 * through s3a) is: it does not declare the capability and its {@code append} throws. Configured to
 * claim append ({@link #configuration(boolean)}), it declares the capability all the same and still
 * throws, as a file system may that only finds out when asked.
 */
public final class NoAppendFileSystem extends RawLocalFileSystem {
    private static final URI NAME = URI.create("noappend:///");
    /** Set by {@link #configuration(boolean)}; read once the file system is created. */
    private static final String CLAIMS_APPEND = "test.noappend.claims-append";

    @Override
    public URI getUri() {
        return NAME;
    }

    @Override
    public String getScheme() {
        return "noappend";
    }

    @Override
    public FSDataOutputStream append(Path f, int bufferSize, Progressable progress) throws IOException {
        throw new UnsupportedOperationException("append is not supported by " + NAME);
    }

    @Override
    public boolean hasPathCapability(Path path, String capability) throws IOException {
        if (capability.equalsIgnoreCase(CommonPathCapabilities.FS_APPEND)) {
            return getConf().getBoolean(CLAIMS_APPEND, false);
        }
        return super.hasPathCapability(path, capability);
    }

    /** A Hadoop configuration that knows the scheme; {@code claimsAppend}: the file system declares append it has not. */
    public static Configuration configuration(boolean claimsAppend) {
        Configuration c = new Configuration();
        c.set("fs.noappend.impl", NoAppendFileSystem.class.getName());
        c.setBoolean("fs.noappend.impl.disable.cache", true);
        c.setBoolean(CLAIMS_APPEND, claimsAppend);
        return c;
    }

    /** {@code noappend:///...} for a local absolute path. */
    public static String uri(java.nio.file.Path p) {
        return "noappend://" + p.toAbsolutePath();
    }
}
