package io.sparknn.yarn;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * HDFS (one name node, one data node) and YARN (a resource manager and one node manager) in this
 * JVM, from Hadoop's mini-clusters, with their client settings written to a directory that a
 * SparkSubmit process reads as its {@code HADOOP_CONF_DIR}. Containers are real processes the
 * node manager starts ({@code bash launch_container.sh}, then {@code java}); their logs stay under
 * {@link #containerLogs()}.
 *
 * <p>The settings are the known pitfalls of a small YARN: no virtual- or physical-memory check
 * (a JVM reserves far more address space than it uses, and YARN would kill every container), a
 * 64 MB minimum allocation so 512 MB containers are not rounded up, room on the one node for an
 * ApplicationMaster, two executors and a second attempt's ApplicationMaster, and the capacity
 * scheduler's limit on ApplicationMasters lifted (by default they get 10 % of the cluster, less than
 * one ApplicationMaster here, and the application would wait in ACCEPTED for ever).
 */
final class MiniHadoop implements AutoCloseable {
    private final Path base;
    private final MiniDFSCluster dfs;
    private final MiniYARNCluster yarn;
    private final YarnClient client;
    private final Path confDir;

    private MiniHadoop(Path base, MiniDFSCluster dfs, MiniYARNCluster yarn, YarnClient client, Path confDir) {
        this.base = base;
        this.dfs = dfs;
        this.yarn = yarn;
        this.client = client;
        this.confDir = confDir;
    }

    /** Starts both under {@code base} (emptied first) and writes the client settings. */
    static MiniHadoop start(Path base) throws IOException {
        deleteRecursively(base);
        Files.createDirectories(base);
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
        MiniDFSCluster dfs = null;
        MiniYARNCluster yarn = null;
        try {
            dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
            dfs.waitActive();
            YarnConfiguration yc = new YarnConfiguration(dfs.getConfiguration(0));
            yc.set(FileSystem.FS_DEFAULT_NAME_KEY, dfs.getURI().toString());
            yc.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
            yc.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
            yc.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 64);
            yc.setInt(YarnConfiguration.NM_PMEM_MB, 8192);
            yc.setInt(YarnConfiguration.NM_VCORES, 8);
            // the capacity scheduler's queues, which a cluster's capacity-scheduler.xml would define: one, all of it
            yc.set("yarn.scheduler.capacity.root.queues", "default");
            yc.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
            yc.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
            yc.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
            yc.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
            yc.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
            yc.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
            yc.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
            yc.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 1.0f);
            // the node manager's disk checker would mark a nearly full disk unhealthy and take the node away
            yc.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100.0f);
            // finished containers' logs stay where the node manager wrote them, for the tests to read
            yc.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 600);
            // its work directory (node manager dirs, container logs) is target/<name> of the working directory
            yarn = new MiniYARNCluster("yarn-it-minicluster", 1, 1, 1);
            yarn.init(yc);
            yarn.start();
            Configuration started = yarn.getConfig();
            YarnClient client = YarnClient.createYarnClient();
            client.init(started);
            client.start();
            Path confDir = Files.createDirectories(base.resolve("hadoop-conf"));
            Configuration core = new Configuration(false);
            core.set(FileSystem.FS_DEFAULT_NAME_KEY, dfs.getURI().toString());
            // one data node: files written with the default 3 replicas cannot be appended to once
            // they hold a block (the client looks for other data nodes to rebuild the pipeline and
            // fails), which is what a resumed run does to metrics.jsonl
            core.setInt("dfs.replication", 1);
            write(core, confDir.resolve("core-site.xml"));
            // only where the resource manager listens: the rest of the mini-cluster's settings name its
            // own test classes (a rack mapping), which a client or a container does not have
            Configuration site = new Configuration(false);
            for (Map.Entry<String, String> e : started) {
                if (e.getKey().startsWith("yarn.resourcemanager.")
                        && (e.getKey().endsWith(".address") || e.getKey().endsWith(".hostname"))) {
                    site.set(e.getKey(), started.get(e.getKey()));
                }
            }
            write(site, confDir.resolve("yarn-site.xml"));
            return new MiniHadoop(base, dfs, yarn, client, confDir);
        } catch (IOException | RuntimeException | Error e) {
            if (yarn != null) {
                yarn.stop();
            }
            if (dfs != null) {
                dfs.shutdown();
            }
            throw e;
        }
    }

    private static void write(Configuration conf, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            conf.writeXml(out);
        }
    }

    /** The directory holding core-site.xml (fs.defaultFS: this HDFS) and yarn-site.xml. */
    Path confDir() {
        return confDir;
    }

    /** HDFS, as {@code hdfs:///} paths in a config resolve. */
    FileSystem fs() throws IOException {
        return dfs.getFileSystem();
    }

    /** The node manager's log directory: {@code <application id>/<container id>/{stdout,stderr}}. */
    Path containerLogs() {
        String dirs = yarn.getNodeManager(0).getConfig().get(YarnConfiguration.NM_LOG_DIRS);
        return Path.of(dirs.split(",")[0]);
    }

    /** The applications YARN knows under {@code name}. */
    List<ApplicationReport> applications(String name) {
        try {
            List<ApplicationReport> out = new ArrayList<>();
            for (ApplicationReport r : client.getApplications()) {
                if (r.getName().equals(name)) {
                    out.add(r);
                }
            }
            return out;
        } catch (YarnException | IOException e) {
            throw new IllegalStateException("listing YARN applications", e);
        }
    }

    ApplicationReport report(ApplicationId id) {
        try {
            return client.getApplicationReport(id);
        } catch (YarnException | IOException e) {
            throw new IllegalStateException("the report of " + id, e);
        }
    }

    /** Each container's stderr of application {@code id}, by container id (attempt 1's AM is {@code …_01_000001}). */
    List<Path> containerStderr(ApplicationId id) {
        Path app = containerLogs().resolve(id.toString());
        if (!Files.isDirectory(app)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(app)) {
            return s.map(c -> c.resolve("stderr"))
                    .filter(Files::exists)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.stop();
        yarn.stop();
        dfs.shutdown();
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
