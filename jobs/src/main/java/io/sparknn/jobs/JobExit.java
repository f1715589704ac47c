package io.sparknn.jobs;

import java.util.Properties;
import java.util.function.IntConsumer;
import org.apache.spark.SparkUserAppException;

/**
 * How a job's {@code main} ends with its {@link ExitCode}. In YARN's cluster deploy mode the main
 * runs in a thread of Spark's {@code ApplicationMaster}: {@code System.exit} there ends the
 * ApplicationMaster before it reports a final status, and YARN records the application as FAILED
 * ("Shutdown hook called before final status was reported"), even for 0. There the code goes the
 * way the ApplicationMaster reads it: returning is success; {@link SparkUserAppException}{@code
 * (code)} is final status FAILED with the diagnostics "User application exited with status
 * <code>", and the ApplicationMaster's container exits with that code. Everywhere else
 * (spark-submit in client mode, the standalone cluster's driver wrapper, {@code bin/sparknn}) the
 * JVM exits with the code as before.
 */
final class JobExit {
    private JobExit() {}

    /** Ends {@code main} with {@code code}. */
    static void exit(int code) throws SparkUserAppException {
        exit(code, System.getProperties(), System::exit);
    }

    /**
     * @param props the JVM's system properties, where the ApplicationMaster says how it runs the job
     * @param systemExit {@code System.exit}, outside YARN's cluster mode
     */
    static void exit(int code, Properties props, IntConsumer systemExit) throws SparkUserAppException {
        if (!inYarnClusterDriver(props)) {
            systemExit.accept(code);
        } else if (code != ExitCode.OK.code()) {
            throw new SparkUserAppException(code, null);
        }
    }

    /**
     * Whether this JVM is the driver of a YARN cluster-mode application: the ApplicationMaster sets
     * {@code spark.master} to {@code yarn} and {@code spark.submit.deployMode} to {@code cluster}
     * as system properties before it starts the user class (spark-submit in YARN client mode sets
     * the deploy mode {@code client}).
     */
    static boolean inYarnClusterDriver(Properties props) {
        return "yarn".equals(props.getProperty("spark.master"))
                && "cluster".equals(props.getProperty("spark.submit.deployMode"));
    }
}
