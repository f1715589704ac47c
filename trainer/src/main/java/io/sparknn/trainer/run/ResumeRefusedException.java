package io.sparknn.trainer.run;

import io.sparknn.engine.train.TrainingException;

/**
 * A resume the output directory does not allow: no committed checkpoint, or a config changed since
 * it. The jobs exit with their output-refused code, as for any other refused directory.
 */
public class ResumeRefusedException extends TrainingException {
    public ResumeRefusedException(String message) {
        super(Kind.OUTPUT_REFUSED, message);
    }
}
