package io.sparknn.jobs;

import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.io.ModelFileException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Loads a model file from any Hadoop path; a missing file is a model error naming it. */
final class ModelFiles {
    private ModelFiles() {
    }

    static Model load(String location, Configuration hadoop) throws IOException {
        Path p = new Path(location);
        try (InputStream in = p.getFileSystem(hadoop).open(p)) {
            return ModelFile.read(in, location);
        } catch (FileNotFoundException e) {
            throw new ModelFileException(location, "not found");
        }
    }
}
