package io.sparknn.jobs;

import io.sparknn.trainer.report.ReportWriter;
import io.sparknn.trainer.report.RunData;
import io.sparknn.trainer.report.RunFiles;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkUserAppException;

/**
 * {@code bin/sparknn report <run dir>... [--out FILE]}: writes the run report ({@link ReportWriter})
 * for finished, running or killed runs, several overlaid with a legend by run name (the
 * directory's name; the path as given when two share one). One run's report goes to
 * {@code <run dir>/report.html} unless {@code --out} says otherwise; several runs need {@code --out}.
 * Needs no Spark: it reads the run directories' files (any Hadoop file system).
 */
public final class Report {
    static final String USAGE = "usage: report <run dir>... [--out FILE]";

    private Report() {}

    public static void main(String[] args) throws SparkUserAppException {
        JobExit.exit(run(args, System.err));
    }

    /** Writes the report and returns its {@link ExitCode}; never calls System.exit. */
    public static int run(String[] args, PrintStream err) {
        JobArgs a;
        try {
            a = JobArgs.parse(args, Set.of("--out"), Set.of());
        } catch (JobArgs.UsageException e) {
            err.println("report: " + e.getMessage() + "\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        if (a.positional.isEmpty()) {
            err.println("report: no run directory given\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        if (a.positional.size() > 1 && a.option("--out", null) == null) {
            err.println("report: " + a.positional.size() + " runs need --out FILE (one report for them all)\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        return JobRunner.inProcess("report", err, () -> {
            Configuration conf = new Configuration();
            List<RunData> runs = new ArrayList<>();
            for (String dir : a.positional) {
                Path p = new Path(dir);
                runs.add(RunFiles.read(p.getFileSystem(conf), p, name(dir, a.positional)));
            }
            Path out = new Path(a.option("--out", new Path(a.positional.get(0), ReportWriter.FILE).toString()));
            ReportWriter.write(out.getFileSystem(conf), out, runs);
            System.out.println("report: wrote " + out);
            return ExitCode.OK;
        });
    }

    /** A run's name: its directory's, or the path as given when another run's directory has the same name. */
    static String name(String dir, List<String> all) {
        String own = new Path(dir).getName();
        long same = all.stream().filter(d -> new Path(d).getName().equals(own)).count();
        return same > 1 ? dir : own;
    }
}
