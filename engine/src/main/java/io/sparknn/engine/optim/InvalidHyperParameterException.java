package io.sparknn.engine.optim;

import io.sparknn.engine.layer.SpecException;

/**
 * A record's key out of its range, or keys that do not go together: thrown by the record's
 * constructor naming the bare key ({@code optimizer adam: key 'beta2' must be in [0, 1) ...}), and
 * told again by a reader under the key's full name ({@code c.json: key 'optimizer.beta2' ...}).
 */
final class InvalidHyperParameterException extends SpecException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;

    /** @param problem what follows the quoted key: {@code " must be ..., got 1.0"} or {@code ": Nesterov ..."} */
    InvalidHyperParameterException(OptimizerSpec.Kind kind, String key, String problem) {
        super("optimizer " + kind.text() + ": key '" + key + "'" + problem);
        this.key = key;
        this.problem = problem;
    }

    String key() {
        return key;
    }

    String problem() {
        return problem;
    }
}
