package io.sparknn.engine.io;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the committed format-version-1 golden file {@value #RESOURCE} (under
 * {@code engine/src/test/resources}). Run it only to create that file, never to refresh it after a
 * format change: the file exists so that every later build proves it still reads version 1.
 * <pre>
 *   mvn -q -B -pl engine test-compile
 *   java -cp engine/target/classes:engine/target/test-classes:$(ls ~/.m2/repository/dev/ludovic/netlib/blas/3.2.0/blas-3.2.0.jar) \
 *       io.sparknn.engine.io.GoldenModelFile engine/src/test/resources/golden/modelfile/dense-adam-v1.model
 * </pre>
 * Every value is exact in float32, so the test can state it as a literal.
 */
public final class GoldenModelFile {
    static final String RESOURCE = "golden/modelfile/dense-adam-v1.model";

    private GoldenModelFile() {}

    /** 3 inputs → dense 2 → relu → dense 2, float32, with preprocessing and Adam after 3 steps. */
    static Model model() {
        NetworkSpec spec =
                NetworkSpec.builder(Shape.of(3)).dense(2).relu().dense(2).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        double[] params = {0.5, -0.25, 1, -1, 0.75, 0.125, 0.25, -0.5, 1, -0.5, 0.375, 2, -0.125, 0.0625};
        double[] m = new double[params.length];
        double[] v = new double[params.length];
        for (int i = 0; i < params.length; i++) {
            m[i] = (i - 6) / 64.0;
            v[i] = (i + 1) / 4096.0;
        }
        Preprocessing prep =
                new Preprocessing(3, new double[] {1, 2, -1}, new double[] {0.5, 2, 0.25}, List.of("cat", "dog"));
        return new Model(
                spec,
                Precision.FLOAT32,
                params,
                new double[0],
                prep,
                OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM).withLr(0.01),
                new OptimizerState(3, new double[][] {m, v}));
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "engine/src/test/resources/" + RESOURCE);
        ModelFile.save(model(), out);
        System.out.println("wrote " + out);
    }
}
