package io.sparknn.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.loss.LossKind;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commit and pruning rules of {@link CheckpointStore} when its writer dies before the manifest. */
class CheckpointStoreTest {
    private static final NetworkSpec SPEC =
            NetworkSpec.builder(Shape.of(3)).dense(2).build(LossKind.SOFTMAX_CROSS_ENTROPY);

    @TempDir
    java.nio.file.Path tmp;

    /** The local file system, except that an armed manifest write fails as a killed writer's would. */
    static final class DiesBeforeManifest extends FilterFileSystem {
        boolean armed;

        DiesBeforeManifest(Configuration conf) throws IOException {
            super(FileSystem.getLocal(conf));
            setConf(conf);
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
            if (armed && f.getName().equals(CheckpointStore.MANIFEST)) {
                throw new IOException("writer killed before the manifest");
            }
            return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
        }
    }

    @Test
    void aCommittedStepRewrittenByAWriterThatDiesIsStillThereWithKeepOne() throws IOException {
        DiesBeforeManifest fs = new DiesBeforeManifest(new Configuration());
        CheckpointStore store = new CheckpointStore(fs, new Path(tmp.toString()), 1);
        store.save(checkpoint(23, 0.25)); // e.g. the step checkpoint that is also an epoch's last step

        fs.armed = true;
        assertThrows(IOException.class, () -> store.save(checkpoint(23, 0.5))); // the epoch-end rewrite dies
        Checkpoint left = store.latest();
        assertNotNull(left, "the committed version of step 23 survives its interrupted rewrite");
        assertEquals(0.25, left.model().parameters()[0]);

        fs.armed = false;
        store.save(checkpoint(23, 0.5));
        assertEquals(0.5, store.latest().model().parameters()[0], "the committed rewrite wins");
        assertEquals(
                List.of("step-0000000023-b"),
                store.list(),
                "the replaced version is deleted once the new one is committed");
        store.save(checkpoint(23, 0.75));
        assertEquals(0.75, store.latest().model().parameters()[0]);
        assertEquals(List.of("step-0000000023"), store.list());
    }

    @Test
    void anUncommittedNewerStepIsSkippedForThePreviousOne() throws IOException {
        DiesBeforeManifest fs = new DiesBeforeManifest(new Configuration());
        CheckpointStore store = new CheckpointStore(fs, new Path(tmp.toString()), 2);
        store.save(checkpoint(20, 0.25));
        fs.armed = true;
        assertThrows(IOException.class, () -> store.save(checkpoint(30, 0.5)));
        assertEquals(List.of("step-0000000030", "step-0000000020"), store.list());
        assertEquals(20, store.latest().globalStep());
        fs.armed = false;
        store.save(checkpoint(30, 0.5)); // the resumed run writes step 30 again over the leftover
        assertEquals(30, store.latest().globalStep());
        assertEquals(0.5, store.latest().model().parameters()[0]);
    }

    @Test
    void keepOneWithAKilledWritersNewerLeftoverKeepsTheCheckpointJustWritten() throws IOException {
        DiesBeforeManifest fs = new DiesBeforeManifest(new Configuration());
        CheckpointStore store = new CheckpointStore(fs, new Path(tmp.toString()), 1);
        store.save(checkpoint(30, 0.25));
        fs.armed = true;
        assertThrows(IOException.class, () -> store.save(checkpoint(40, 0.5))); // killed while writing step 40
        fs.armed = false;
        assertEquals(30, store.latest().globalStep(), "the resume starts from step 30");

        store.save(checkpoint(35, 0.75)); // the resumed run's next checkpoint
        Checkpoint left = store.latest();
        assertNotNull(left, "pruning must not delete the only committed checkpoint");
        assertEquals(35, left.globalStep());
        assertEquals(
                List.of("step-0000000035"), store.list(), "step 30 is beyond keep 1 and step 40 was never committed");
    }

    @Test
    void anUncommittedNewerLeftoverIsRemovedAndDoesNotTakeTheSlotOfACommittedOne() throws IOException {
        DiesBeforeManifest fs = new DiesBeforeManifest(new Configuration());
        CheckpointStore store = new CheckpointStore(fs, new Path(tmp.toString()), 2);
        store.save(checkpoint(10, 0.125));
        store.save(checkpoint(20, 0.25));
        fs.armed = true;
        assertThrows(IOException.class, () -> store.save(checkpoint(40, 0.5)));
        assertThrows(IOException.class, () -> store.save(checkpoint(25, 0.5)));
        fs.armed = false;
        assertEquals(List.of("step-0000000040", "step-0000000025", "step-0000000020", "step-0000000010"), store.list());

        store.save(checkpoint(30, 0.75));
        assertEquals(
                List.of("step-0000000030", "step-0000000020"),
                store.list(),
                "keep 2 keeps the two newest committed checkpoints; both uncommitted leftovers are gone");
        assertEquals(30, store.latest().globalStep());
        store.save(checkpoint(40, 1.0));
        assertEquals(List.of("step-0000000040", "step-0000000030"), store.list());
        assertEquals(1.0, store.latest().model().parameters()[0]);
    }

    @Test
    void anUnreadableNewerCheckpointTakesNoneOfTheSlotsOfTheReadableOnes() throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        CheckpointStore store = new CheckpointStore(fs, new Path(tmp.toString()), 2);
        store.save(checkpoint(30, 0.25));
        Path damaged = store.save(checkpoint(40, 0.5));
        try (var out = fs.create(new Path(damaged, "model.bin"), true)) {
            out.write(new byte[] {1, 2, 3}); // the manifest is there, the file no longer matches it
        }
        assertEquals(30, store.latest().globalStep(), "a restart skips step 40 and resumes from step 30");

        store.save(checkpoint(35, 0.75));
        Checkpoint left = store.latest();
        assertNotNull(left);
        assertEquals(35, left.globalStep(), "the checkpoint just written is never pruned");
        assertEquals(
                List.of("step-0000000040", "step-0000000035", "step-0000000030"),
                store.list(),
                "keep 2 keeps the two readable steps up to the one written; the unreadable step 40 is left for inspection");
    }

    @Test
    void aReplacingWriteUnderTheAlternateNameIsNotPrunedForANewerLeftover() throws IOException {
        DiesBeforeManifest fs = new DiesBeforeManifest(new Configuration());
        CheckpointStore store = new CheckpointStore(fs, new Path(tmp.toString()), 1);
        store.save(checkpoint(23, 0.25));
        fs.armed = true;
        assertThrows(IOException.class, () -> store.save(checkpoint(40, 0.5)));
        fs.armed = false;

        Path written = store.save(checkpoint(23, 0.5)); // the same step again: written beside the committed one
        assertEquals("step-0000000023-b", written.getName());
        assertEquals(List.of("step-0000000023-b"), store.list(), "the old copy and the uncommitted step 40 are gone");
        assertEquals(0.5, store.latest().model().parameters()[0]);
    }

    @Test
    void streamStateRoundTripsExactlyAndIsAbsentFromOtherCheckpoints() throws IOException {
        CheckpointStore store = new CheckpointStore(
                org.apache.hadoop.fs.FileSystem.getLocal(new Configuration()), new Path(tmp.toString()), 3);
        double[] state = {0.1, -1.0 / 3, Double.MIN_VALUE, 7e300};
        store.save(checkpoint(10, 0.25).withStreamState(state));
        org.junit.jupiter.api.Assertions.assertArrayEquals(state, store.latest().streamState(), 0.0);
        store.save(checkpoint(20, 0.25));
        org.junit.jupiter.api.Assertions.assertNull(store.latest().streamState());
    }

    private static Checkpoint checkpoint(long step, double value) {
        double[] params = new double[SPEC.paramCount()];
        Arrays.fill(params, value);
        Model m = new Model(SPEC, Precision.FLOAT64, params, new double[SPEC.bufferCount()], null, null, null);
        return new Checkpoint(
                step, 1, 0, Double.NaN, 0, 0, "{}", "Java11BLAS", 1, "1", MetricsMark.of(1, 0), m, null, null);
    }
}
