package io.sparknn.engine.io;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Fixtures;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.Optimizer;
import io.sparknn.engine.optim.OptimizerSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Models for the model-file tests. */
final class TestModels {
    static final OptimizerSpec ADAM =
            OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM).withLr(0.01);

    private TestModels() {}

    /** 5 inputs → 4 → relu → 3 classes: 35 parameters. */
    static NetworkSpec denseSpec() {
        return NetworkSpec.builder(Shape.of(5)).dense(4).relu().dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    static Network network(Precision p) {
        return Network.create(denseSpec(), Network.Options.of(p, 1), 7);
    }

    /**
     * The dense network after three Adam steps, with its Adam state and a preprocessing: every
     * value is one a file could get wrong (random bits, nonzero moments).
     */
    static Model trained(Precision p) {
        try (Network net = network(p)) {
            Optimizer opt = ADAM.create(p, net.spec().paramCount());
            Batch b = Batch.of(Fixtures.inputs(p, 6 * 5, 3), 6, Fixtures.labels(6, 3, 4));
            for (int step = 0; step < 3; step++) {
                net.computeGradients(b);
                opt.step(net.parameters(), net.gradients(), ADAM.lr());
            }
            Preprocessing prep = new Preprocessing(
                    5,
                    new double[] {0.1, -2, 3.5, 1e-3, 0},
                    new double[] {1.0 / 3, 2, 0.5, 1e4, 1},
                    List.of("setosa", "versicolor", "virginica"));
            return Model.of(net).with(prep).withOptimizer(ADAM, opt.state());
        }
    }

    static byte[] bytes(Model m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelFile.write(m, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Model read(byte[] b, String source) throws IOException {
        return ModelFile.read(new ByteArrayInputStream(b), source);
    }
}
