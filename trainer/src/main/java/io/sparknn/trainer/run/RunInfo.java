package io.sparknn.trainer.run;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a run ran on, written to {@code run-info.json} and checked on resume: bitwise promises
 * (repeat, resume, executor loss) hold only for the same BLAS implementation and thread counts.
 * Each component is one key of the file, its name in snake_case ({@code openblasNumThreads} is
 * {@code openblas_num_threads}), in this order.
 */
public record RunInfo(
        String sparkVersion,
        String master,
        String blas,
        String openblasNumThreads,
        int threadsPerTask,
        int partitions,
        int executors,
        long seed,
        long trainExamples,
        long validationExamples,
        int parameters,
        String precision,
        String javaVersion) {

    /** The keys and values of {@code run-info.json}, in the order of the components. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : RunInfo.class.getRecordComponents()) {
            try {
                m.put(snakeCase(c.getName()), c.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("RunInfo." + c.getName(), e);
            }
        }
        return m;
    }

    /** {@code trainExamples} → {@code train_examples}. */
    static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
