package io.sparknn.cluster;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@value #SCHEME} ({@code gated:/abs/path} is the file
 * {@code /abs/path}), loaded into a cluster test's driver from the {@link HookJar} through
 * {@code spark.hadoop.fs.gated.impl}. When {@value #HOLD_AT_MANIFEST} is n &gt; 0, the n-th
 * checkpoint manifest this JVM is about to create is never created: the writer writes the
 * checkpoint's directory name to the file {@value #HELD_MARKER} and waits forever. A test that
 * sees the marker knows the driver is stopped inside a checkpoint write, its files written and
 * its manifest not, and kills it there: no pause to race against.
 */
public class CheckpointGateFileSystem extends RawLocalFileSystem {
    public static final String SCHEME = "gated";
    public static final String HOLD_AT_MANIFEST = "sparknn.test.holdAtManifest";
    public static final String HELD_MARKER = "sparknn.test.heldMarker";
    private static final String MANIFEST = "_MANIFEST";
    /** Per JVM: the driver may create more than one instance (the cache is keyed by user too). */
    private static final AtomicInteger MANIFESTS = new AtomicInteger();

    private int holdAt;
    private java.nio.file.Path marker;

    @Override
    public void initialize(URI uri, Configuration conf) throws IOException {
        super.initialize(uri, conf);
        holdAt = conf.getInt(HOLD_AT_MANIFEST, 0);
        String m = conf.get(HELD_MARKER);
        marker = m == null ? null : java.nio.file.Path.of(m);
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FSDataOutputStream create(
            Path f, boolean overwrite, int bufferSize, short replication, long blockSize, Progressable progress)
            throws IOException {
        holdIfGated(f);
        return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream create(
            Path f,
            FsPermission permission,
            boolean overwrite,
            int bufferSize,
            short replication,
            long blockSize,
            Progressable progress)
            throws IOException {
        holdIfGated(f);
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    private void holdIfGated(Path f) throws IOException {
        if (holdAt <= 0 || !f.getName().equals(MANIFEST) || MANIFESTS.incrementAndGet() != holdAt) {
            return;
        }
        Files.writeString(marker, f.getParent().getName() + "\n", StandardCharsets.UTF_8);
        try {
            new CountDownLatch(1).await(); // until the test kills this JVM
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("held before creating " + f);
        }
    }
}
