package io.sparknn.engine.train;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.optim.LrSchedule;
import io.sparknn.engine.optim.OptimizerSpec;
import java.util.List;
import java.util.Objects;

/**
 * Trains a network in this process, without Spark: the same loop, batches and update as the
 * Spark trainer ({@link TrainingLoop} over an {@link InProcessGradientSource}), so a model fitted
 * here with {@code shards(n)} has the bits a Spark run on the same n partitions would give.
 *
 * <pre>{@code
 * Model model = new Trainer(spec).optimizer(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM).withLr(0.01))
 *         .batchSize(16).epochs(50).seed(3).fit(ExampleBlock.ofLabels(features, labels));
 * }</pre>
 *
 * <p>Settings are fluent and checked when set; a {@code Trainer} can fit several data sets.
 */
public final class Trainer {
    private final NetworkSpec spec;
    private Precision precision = Precision.FLOAT32;
    private OptimizerSpec optimizer = OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM);
    private LrSchedule schedule = new LrSchedule.Constant();
    private int batchSize = 32;
    private int epochs = 10;
    private long seed = 42;
    private double clipNorm;
    private long maxSteps;
    private int shards = 1;
    private int threads = 1;
    private TrainingLoop.Listener listener = (report, state) -> {};

    public Trainer(NetworkSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** float32 (the default) or float64 parameters and arithmetic. */
    public Trainer precision(Precision p) {
        this.precision = Objects.requireNonNull(p, "precision");
        return this;
    }

    /** The optimizer and its learning rate (default: Adam with PyTorch's defaults, lr 0.001). */
    public Trainer optimizer(OptimizerSpec o) {
        this.optimizer = Objects.requireNonNull(o, "optimizer");
        return this;
    }

    /** How the learning rate changes with the optimizer step (default: constant). */
    public Trainer schedule(LrSchedule s) {
        this.schedule = Objects.requireNonNull(s, "schedule");
        return this;
    }

    /** Examples per optimizer step (the last step of an epoch may have fewer). */
    public Trainer batchSize(int b) {
        this.batchSize = atLeast("batchSize", b, 1);
        return this;
    }

    public Trainer epochs(int e) {
        this.epochs = atLeast("epochs", e, 1);
        return this;
    }

    /** Seeds the initial weights, the batch order and dropout. */
    public Trainer seed(long s) {
        this.seed = s;
        return this;
    }

    /** Maximum global L2 norm of the mean gradient; 0 (the default) does not clip. */
    public Trainer clipNorm(double c) {
        if (!(c >= 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("clipNorm must be finite and >= 0, got " + c);
        }
        this.clipNorm = c;
        return this;
    }

    /** Stop after this many optimizer steps in all (0, the default: run every epoch). */
    public Trainer maxSteps(long m) {
        if (m < 0) {
            throw new IllegalArgumentException("maxSteps must be >= 0, got " + m);
        }
        this.maxSteps = m;
        return this;
    }

    /**
     * Computes each step as this many shards of consecutive examples, added in order: the result
     * then equals a Spark run over the same number of equal partitions bit for bit. Batch norm
     * computes its statistics per shard.
     */
    public Trainer shards(int n) {
        this.shards = atLeast("shards", n, 1);
        return this;
    }

    /** Threads of the network's kernels. */
    public Trainer threads(int n) {
        this.threads = atLeast("threads", n, 1);
        return this;
    }

    /** Called after every step and at every epoch end; {@code onEpochEnd} returning false stops training. */
    public Trainer listener(TrainingLoop.Listener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /**
     * Trains a freshly initialised network on {@code data} and returns the model: parameters,
     * buffers, and the optimizer with its state (so it can be saved and trained further).
     *
     * @throws DivergedException when the loss or a parameter becomes NaN or infinite
     */
    public Model fit(ExampleBlock data) {
        try (Network init = Network.create(spec, Network.Options.of(precision, 1), seed)) {
            return fit(data, init.parameters().copy(), init.buffers().copy());
        }
    }

    /**
     * Trains on {@code data} from the parameters and buffers of {@code start} (a model of this
     * trainer's network and precision) with a fresh optimizer.
     */
    public Model fit(ExampleBlock data, Model start) {
        if (!start.spec().equals(spec) || start.precision() != precision) {
            throw new IllegalArgumentException("the starting model is a " + start.precision() + " "
                    + start.spec().summary() + "; this trainer trains a " + precision + " " + spec.summary());
        }
        return fit(data, Storage.of(precision, start.parameters()), Storage.of(precision, start.buffers()));
    }

    private Model fit(ExampleBlock data, Storage params, Storage buffers) {
        checkFits(data);
        List<ExampleBlock> blocks = ExampleBlock.split(data, ExampleBlock.evenSizes(data.n, Math.min(shards, data.n)));
        TrainingState state = new TrainingState(params, buffers, optimizer.create(precision, spec));
        try (GradientSource source = new InProcessGradientSource(blocks, spec, precision, threads)) {
            double lr = optimizer.lr();
            new TrainingLoop(
                            new TrainingLoop.Settings(epochs, batchSize, seed, clipNorm, maxSteps),
                            source,
                            step -> schedule.lr(lr, step),
                            precision)
                    .run(state, listener);
        }
        return new Model(
                spec,
                precision,
                state.params.toDoubles(),
                state.buffers.toDoubles(),
                null,
                optimizer,
                state.optimizer.state());
    }

    private void checkFits(ExampleBlock data) {
        if (data.n == 0) {
            throw new IllegalArgumentException("no examples to train on");
        }
        if (data.width != spec.input().size()) {
            throw new IllegalArgumentException("examples have " + data.width + " features, the network takes "
                    + spec.input().size() + (spec.input().rank() > 1 ? " (input " + spec.input() + ")" : ""));
        }
    }

    private static int atLeast(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
        }
        return v;
    }
}
