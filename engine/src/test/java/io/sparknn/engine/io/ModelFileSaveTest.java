package io.sparknn.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileSaveTest {

    @TempDir
    Path dir;

    private List<Path> filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    /** 100,000 float32 parameters (400 KB) whose last one is NaN: writing fails long after it started. */
    private static Model failsLate() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(999)).dense(100).build(LossKind.MSE);
        double[] p = new double[spec.paramCount()];
        p[p.length - 1] = Double.NaN;
        return new Model(spec, Precision.FLOAT32, p, new double[0], null, null, null);
    }

    @Test
    void saveReplacesAnExistingFileAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("m.model");
        ModelFile.save(TestModels.trained(Precision.FLOAT32), file);
        Model second = TestModels.trained(Precision.FLOAT64);
        ModelFile.save(second, file);
        assertEquals(second, ModelFile.load(file));
        assertEquals(List.of(file), filesIn(dir));
    }

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldFileIntact() throws Exception {
        Path file = dir.resolve("m.model");
        ModelFile.save(TestModels.trained(Precision.FLOAT32), file);
        byte[] before = Files.readAllBytes(file);

        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        assertThrows(IllegalArgumentException.class, () -> ModelFile.write(failsLate(), partial));
        assertTrue(partial.size() > 300_000, "the failure comes after most bytes went out: " + partial.size());

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ModelFile.save(failsLate(), file));
        assertEquals("cannot write a model file: parameter 99999 is NaN", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), filesIn(dir), "the temporary file is removed");
    }

    @Test
    void savingIntoAReadOnlyDirectoryFailsAndLeavesTheOldFileIntact() throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Path file = ro.resolve("m.model");
        ModelFile.save(TestModels.trained(Precision.FLOAT32), file);
        byte[] before = Files.readAllBytes(file);
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(ro), "running as root: directory permissions are not enforced");
            assertThrows(IOException.class, () -> ModelFile.save(TestModels.trained(Precision.FLOAT64), file));
            assertArrayEquals(before, Files.readAllBytes(file));
            assertEquals(List.of(file), filesIn(ro));
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFailedRenameRemovesTheTemporaryFile() throws Exception {
        Path target = Files.createDirectory(dir.resolve("m.model"));
        Files.writeString(target.resolve("keep"), "x");
        assertThrows(IOException.class, () -> ModelFile.save(TestModels.trained(Precision.FLOAT32), target));
        assertEquals(List.of(target), filesIn(dir));
        assertEquals("x", Files.readString(target.resolve("keep")));
    }

    @Test
    void aSavedFileGetsTheUsualPermissionsNotThoseOfATemporaryFile() throws Exception {
        Path file = dir.resolve("m.model");
        ModelFile.save(TestModels.trained(Precision.FLOAT32), file);
        Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    }

    @Test
    void aFloat32ValueBeyondFloat32RangeIsRefusedNotWrittenAsInfinity() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(1)).dense(1).build(LossKind.MSE);
        Model m = new Model(spec, Precision.FLOAT32, new double[] {1, 1e39}, new double[0], null, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestModels.bytes(m));
        assertEquals("cannot write a model file: parameter 1 is 1.0E39, beyond float32's range", e.getMessage());
    }

    @Test
    void loadingAMissingFileNamesIt() {
        Path missing = dir.resolve("nothing-here.model");
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(missing));
        assertTrue(e.getMessage().contains("nothing-here.model"), e.getMessage());
    }
}
