package io.sparknn.trainer.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run ran on, written to {@code run-info.json} and checked on resume: bitwise promises
 * (repeat, resume, executor loss) hold only for the same BLAS implementation and thread counts.
 */
public record RunInfo(String sparkVersion, String master, String blas, String openBlasThreads, int threadsPerTask,
                      int partitions, long seed, long trainExamples, long validationExamples, int parameters,
                      String precision, String javaVersion) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spark_version", sparkVersion);
        m.put("master", master);
        m.put("blas", blas);
        m.put("openblas_num_threads", openBlasThreads);
        m.put("threads_per_task", threadsPerTask);
        m.put("partitions", partitions);
        m.put("seed", seed);
        m.put("train_examples", trainExamples);
        m.put("validation_examples", validationExamples);
        m.put("parameters", parameters);
        m.put("precision", precision);
        m.put("java_version", javaVersion);
        return m;
    }
}
