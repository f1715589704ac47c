package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.spark.SparkUserAppException;
import org.junit.jupiter.api.Test;

/**
 * A job's main exits the JVM with its code except as the driver of a YARN cluster-mode
 * application, where success returns and a failure throws Spark's exception carrying the code
 * ({@code YarnIT} checks what YARN then records).
 */
class JobExitTest {
    private static Properties props(String master, String deployMode) {
        Properties p = new Properties();
        if (master != null) {
            p.setProperty("spark.master", master);
        }
        if (deployMode != null) {
            p.setProperty("spark.submit.deployMode", deployMode);
        }
        return p;
    }

    @Test
    void outsideYarnClusterModeTheJvmExitsWithTheCode() throws SparkUserAppException {
        for (Properties p : List.of(
                props(null, null),
                props("local[*]", "client"),
                props("yarn", "client"),
                props("spark://127.0.0.1:7077", "cluster"))) {
            List<Integer> exits = new ArrayList<>();
            JobExit.exit(3, p, exits::add);
            JobExit.exit(0, p, exits::add);
            assertEquals(List.of(3, 0), exits, p.toString());
            assertFalse(JobExit.inYarnClusterDriver(p), p.toString());
        }
    }

    @Test
    void asAYarnClusterDriverSuccessReturnsAndAFailureThrowsTheCode() throws SparkUserAppException {
        Properties p = props("yarn", "cluster");
        assertTrue(JobExit.inYarnClusterDriver(p));
        List<Integer> exits = new ArrayList<>();
        JobExit.exit(0, p, exits::add);
        for (ExitCode c : ExitCode.values()) {
            if (c != ExitCode.OK) {
                SparkUserAppException e =
                        assertThrows(SparkUserAppException.class, () -> JobExit.exit(c.code(), p, exits::add));
                assertEquals(c.code(), e.exitCode(), c.name());
            }
        }
        assertEquals(List.of(), exits, "System.exit is never called in the ApplicationMaster");
    }
}
