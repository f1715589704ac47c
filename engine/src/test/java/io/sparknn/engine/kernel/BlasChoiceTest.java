package io.sparknn.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which float32 GEMM a JVM gets, each case in a JVM of its own (the choice is made once per
 * process): with and without {@code jdk.incubator.vector}, and with {@code -Dsparknn.gemm}. Native
 * BLAS is disallowed in every case, so the answer does not depend on the machine's libblas.so.3.
 */
class BlasChoiceTest {

    /** Prints the name the run records and the product of a 2×3 and a 3×2 matrix. */
    public static final class Probe {
        public static void main(String[] args) {
            float[] a = {1, 2, 3, 4, 5, 6};
            float[] b = {7, 8, 9, 10, 11, 12};
            float[] c = new float[4];
            Blas.float32().gemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
            System.out.println(Blas.implementationName() + " " + Arrays.toString(c));
        }
    }

    private record Run(String out, List<String> sparknnLines) {}

    private static Run run(boolean module, String choice) throws IOException, InterruptedException {
        return run(module, choice, null);
    }

    private static Run run(boolean module, String choice, String conv) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (module) {
            cmd.add("--add-modules=jdk.incubator.vector");
        }
        cmd.add("-Ddev.ludovic.netlib.blas.allowNative=false");
        if (choice != null) {
            cmd.add("-D" + Blas.PROPERTY + "=" + choice);
        }
        if (conv != null) {
            cmd.add("-D" + Blas.CONV_PROPERTY + "=" + conv);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String errText = new String(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), errText);
        List<String> lines = errText.lines().filter(l -> l.contains("sparknn")).toList();
        return new Run(new String(out, StandardCharsets.UTF_8).trim(), lines);
    }

    private static final String PRODUCT = "[58.0, 64.0, 139.0, 154.0]";

    @Test
    void withTheModuleTheEnginesKernelServesFloat32() throws Exception {
        Run r = run(true, null);
        assertEquals("VectorGemm+VectorBLAS " + PRODUCT, r.out());
        assertEquals(List.of(), r.sparknnLines());
    }

    @Test
    void withoutTheModuleNetlibServesAndOneLineSaysSo() throws Exception {
        Run r = run(false, null);
        assertEquals("Java11BLAS " + PRODUCT, r.out());
        assertEquals(1, r.sparknnLines().size(), r.sparknnLines().toString());
        assertTrue(
                r.sparknnLines().get(0).contains("--add-modules jdk.incubator.vector"),
                r.sparknnLines().get(0));
    }

    @Test
    void netlibCanBeChosen() throws Exception {
        Run r = run(true, "netlib");
        assertEquals("VectorBLAS " + PRODUCT, r.out());
        assertEquals(List.of(), r.sparknnLines());
    }

    @Test
    void fusedConvolutionsBesideNetlibAreNamed() throws Exception {
        // float32 products on netlib, unpadded convolutions on VectorGemm: the bits are neither
        // netlib's nor VectorGemm's alone, so the name recorded in runs and checkpoints says so
        Run r = run(true, "netlib", "fused");
        assertEquals("VectorGemm-conv+VectorBLAS " + PRODUCT, r.out());
        assertEquals(List.of(), r.sparknnLines());
    }

    @Test
    void withoutTheModuleConvolutionsUnfoldWithIm2colAndOneLineSaysSo() throws Exception {
        Run r = run(false, "netlib", "fused");
        assertEquals("Java11BLAS " + PRODUCT, r.out());
        assertEquals(1, r.sparknnLines().size(), r.sparknnLines().toString());
        assertTrue(r.sparknnLines().get(0).contains("im2col"), r.sparknnLines().get(0));
    }
}
