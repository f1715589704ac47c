package io.sparknn.jobs;

import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.io.ModelFileException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Loads a model file from any Hadoop path; a missing file is a model error naming it. */
final class ModelFiles {
    private ModelFiles() {}

    /** {@code location} is a model file, or a run directory whose {@code model.bin} is read. */
    static Model load(String location, Configuration hadoop) throws IOException {
        Path p;
        try {
            p = new Path(location);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(location, "not a valid path: " + e.getMessage());
        }
        FileSystem fs = p.getFileSystem(hadoop);
        if (fs.exists(p) && fs.getFileStatus(p).isDirectory()) {
            Path inside = new Path(p, "model.bin");
            if (!fs.exists(inside)) {
                throw new ModelFileException(
                        location, "is a directory without model.bin: give a model file or a run directory");
            }
            p = inside;
            location = inside.toString();
        }
        try (InputStream in = fs.open(p)) {
            return ModelFile.read(in, location);
        } catch (FileNotFoundException e) {
            throw new ModelFileException(location, "not found");
        }
    }
}
