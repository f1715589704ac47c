package io.sparknn.trainer;

import io.sparknn.engine.train.ExampleBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/** Cuts the training set into one packed block per partition and caches it as an RDD. */
public final class TrainingData {
    private TrainingData() {
    }

    /** Partition sizes as even as possible (the first ones one larger). */
    public static int[] evenSizes(long n, int partitions) {
        int[] sizes = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            sizes[p] = Math.toIntExact(n / partitions + (p < n % partitions ? 1 : 0));
        }
        return sizes;
    }

    /** Consecutive rows of {@code all} in blocks of the given sizes (which must add up to all.n). */
    public static List<ExampleBlock> split(ExampleBlock all, int[] sizes) {
        if (Arrays.stream(sizes).sum() != all.n) {
            throw new IllegalArgumentException("partition sizes " + Arrays.toString(sizes) + " do not add up to " + all.n);
        }
        List<ExampleBlock> out = new ArrayList<>();
        int from = 0;
        for (int size : sizes) {
            out.add(slice(all, from, size));
            from += size;
        }
        return out;
    }

    /** Rows [from, from + n) of a block. */
    public static ExampleBlock slice(ExampleBlock b, int from, int n) {
        int per = b.targetRowsPerExample;
        float[] x = Arrays.copyOfRange(b.features, from * b.width, (from + n) * b.width);
        long[] ids = Arrays.copyOfRange(b.ids, from, from + n);
        int[] labels = b.labels == null ? null : Arrays.copyOfRange(b.labels, from * per, (from + n) * per);
        int tw = b.targetWidth * per;
        float[] targets = b.targets == null ? null : Arrays.copyOfRange(b.targets, from * tw, (from + n) * tw);
        return new ExampleBlock(n, b.width, x, ids, labels, targets, b.targetWidth, per);
    }

    /** The given rows of a block, in that order, keeping their ids. */
    public static ExampleBlock rows(ExampleBlock b, int[] rows) {
        int per = b.targetRowsPerExample;
        int tw = b.targetWidth * per;
        float[] x = new float[rows.length * b.width];
        long[] ids = new long[rows.length];
        int[] labels = b.labels == null ? null : new int[rows.length * per];
        float[] targets = b.targets == null ? null : new float[rows.length * tw];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            System.arraycopy(b.features, r * b.width, x, i * b.width, b.width);
            ids[i] = b.ids[r];
            if (labels != null) {
                System.arraycopy(b.labels, r * per, labels, i * per, per);
            } else {
                System.arraycopy(b.targets, r * tw, targets, i * tw, tw);
            }
        }
        return new ExampleBlock(rows.length, b.width, x, ids, labels, targets, b.targetWidth, per);
    }

    /**
     * One block per partition, persisted at {@code level}, materialised once. Each block travels as
     * its own broadcast and the RDD's partitions hold only an index: a parallelized collection would
     * carry its data inside every task of every step (tens of MB per step for MNIST), while a lost
     * cached block is still rebuilt, from the broadcast the driver keeps.
     */
    public static JavaRDD<ExampleBlock> cache(JavaSparkContext sc, List<ExampleBlock> blocks, StorageLevel level) {
        List<org.apache.spark.broadcast.Broadcast<ExampleBlock>> parts = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (ExampleBlock b : blocks) {
            index.add(parts.size());
            parts.add(sc.broadcast(b));
        }
        JavaRDD<ExampleBlock> rdd = sc.parallelize(index, blocks.size()).map(i -> parts.get(i).value()).persist(level);
        sc.setJobDescription("cache training data");
        rdd.count();
        return rdd;
    }
}
