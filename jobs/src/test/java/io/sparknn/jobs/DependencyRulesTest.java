package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dependency rules between the modules, read from the main sources as text (the tests run in
 * {@code jobs/}, which sees every module's sources by path): the engine never uses Spark, Hadoop,
 * Scala, the trainer or the jobs; the loop ({@code io.sparknn.engine.train}) never uses Spark; the
 * trainer never uses the jobs; nothing that ships (engine, trainer, jobs) uses the cluster harness
 * or the benchmarks, which are modules of their own. Both imports and fully-qualified names written in code count;
 * comments and string literals do not. Today Maven's module graph also stops such code from
 * compiling; these checks say which rule a change breaks, and they still hold if a Spark or Hadoop
 * dependency is ever added to the engine's pom, which {@link #theEnginePomDeclaresNoSparkHadoopOrScala}
 * checks as well.
 */
class DependencyRulesTest {
    /** The repository root: the tests run in {@code jobs/}. */
    private static final Path ROOT = Path.of("..");

    private static final List<String> MODULES = List.of("engine", "trainer", "jobs", "cluster", "bench");
    private static final String LOOP_PACKAGE = "io.sparknn.engine.train";

    private static final List<String> SPARK = List.of("org.apache.spark", "org.apache.hadoop", "scala");
    private static final String ENGINE_RULE = "the engine never uses Spark, Hadoop, Scala, the trainer or the jobs";
    private static final String LOOP_RULE = "the loop (" + LOOP_PACKAGE + ") never uses Spark, Hadoop or Scala";
    private static final String TRAINER_RULE = "the trainer never uses the jobs";
    private static final String SHIPPED_RULE = "what ships never uses the cluster harness or the benchmarks";
    private static final List<String> NOT_SHIPPED = List.of("io.sparknn.cluster", "io.sparknn.bench");

    /** A rule: in the files of a module (and, when given, of a package and its subpackages), none of these names. */
    private record Rule(String name, String module, String packagePrefix, List<Pattern> forbidden) {
        static Rule of(String name, String module, String packagePrefix, List<String> forbidden) {
            return new Rule(
                    name,
                    module,
                    packagePrefix,
                    forbidden.stream().map(DependencyRulesTest::reference).toList());
        }

        boolean appliesTo(String fileModule, String filePackage) {
            return module.equals(fileModule)
                    && (packagePrefix == null
                            || filePackage.equals(packagePrefix)
                            || filePackage.startsWith(packagePrefix + "."));
        }
    }

    private static final List<Rule> RULES = List.of(
            Rule.of(
                    ENGINE_RULE,
                    "engine",
                    null,
                    List.of("org.apache.spark", "org.apache.hadoop", "scala", "io.sparknn.trainer", "io.sparknn.jobs")),
            Rule.of(LOOP_RULE, "engine", LOOP_PACKAGE, SPARK),
            Rule.of(TRAINER_RULE, "trainer", null, List.of("io.sparknn.jobs")),
            Rule.of(SHIPPED_RULE, "engine", null, NOT_SHIPPED),
            Rule.of(SHIPPED_RULE, "trainer", null, NOT_SHIPPED),
            Rule.of(SHIPPED_RULE, "jobs", null, NOT_SHIPPED));

    @Test
    void noMainSourceBreaksADependencyRule() {
        Map<String, Integer> scanned = new LinkedHashMap<>();
        List<String> violations = scan(ROOT, scanned);
        assertTrue(
                scanned.get("engine") > 50
                        && scanned.get("trainer") > 20
                        && scanned.get("jobs") > 10
                        && scanned.get("cluster") > 5
                        && scanned.get("bench") > 10,
                "the main sources were not found where they should be: " + scanned);
        assertTrue(scanned.getOrDefault(LOOP_PACKAGE, 0) > 10, "the loop's package has moved: " + scanned);
        assertEquals("", String.join("\n", violations), violations.size() + " references break the dependency rules");
    }

    /**
     * Only the engine's own {@code <dependencies>} and the parent's (which the engine inherits; not its
     * {@code <dependencyManagement>}, which declares versions only) can put Spark on the engine's classpath.
     */
    @Test
    void theEnginePomDeclaresNoSparkHadoopOrScala() {
        List<String> found = new ArrayList<>();
        found.addAll(forbiddenDependencies(read(ROOT.resolve("engine/pom.xml"))));
        found.addAll(forbiddenDependencies(read(ROOT.resolve("pom.xml"))));
        assertEquals(List.of(), found, "the engine (and its parent's inherited dependencies) must not depend on these");
    }

    // The checker itself, fed with text that breaks the rules: a check that cannot fail proves nothing.

    @Test
    void anImportAndAnInlineNameBreakTheRuleButCommentsAndStringsDoNot() {
        String source = """
                package io.sparknn.engine.layer;

                import org.apache.spark.api.java.JavaRDD;
                // org.apache.spark.SparkContext in a line comment
                /* io.sparknn.trainer.TrainJob in a block comment,
                   org.apache.hadoop.fs.Path on its second line */
                /** {@link org.apache.spark.SparkContext} in Javadoc */
                class Dense {
                    char quote = '"';
                    String name = "org.apache.spark.sql // not a comment /* either";
                    String escaped = "a \\" org.apache.spark.rdd \\" b";
                    String block = \"""
                        scala.Tuple2 in a text block, \\\""" still in it
                        \""";
                    Object path = org.apache.hadoop.fs.Path.class;
                    io.sparknn.trainer.TrainJob job;
                    Object runner = io .sparknn. jobs.JobRunner.class;
                    String notScala = other.scala.name + myscala.x;
                    int scala = 1;
                }
                """;
        assertEquals(
                List.of(
                        "engine/Dense.java:3: org.apache.spark.api.java.JavaRDD (" + ENGINE_RULE + ")",
                        "engine/Dense.java:15: org.apache.hadoop.fs.Path.class (" + ENGINE_RULE + ")",
                        "engine/Dense.java:16: io.sparknn.trainer.TrainJob (" + ENGINE_RULE + ")",
                        "engine/Dense.java:17: io.sparknn.jobs.JobRunner.class (" + ENGINE_RULE + ")"),
                violations("engine/Dense.java", "engine", source));
    }

    @Test
    void spark_inTheLoopNamesTheLoopsRuleToo_andIsAllowedInTheTrainer() {
        String loop = "package io.sparknn.engine.train.sub;\nimport static scala.Predef.println;\n";
        assertEquals(
                List.of("L.java:2: scala.Predef.println (" + ENGINE_RULE + "; " + LOOP_RULE + ")"),
                violations("L.java", "engine", loop));
        String trainer = "package io.sparknn.trainer;\nimport org.apache.spark.api.java.JavaRDD;\n"
                + "import io.sparknn.jobs.*;\nclass T { io.sparknn.engine.train.Trainer t; }\n";
        assertEquals(
                List.of("T.java:3: io.sparknn.jobs.* (" + TRAINER_RULE + ")"),
                violations("T.java", "trainer", trainer));
        assertEquals(List.of(), violations("J.java", "jobs", trainer), "the jobs may use every shipped module");
    }

    @Test
    void theHarnessAndTheBenchmarksAreForbiddenInWhatShipsButMayUseIt() {
        String jobs = "package io.sparknn.jobs;\nimport io.sparknn.cluster.StandaloneCluster;\n"
                + "class J { Object b = io.sparknn.bench.Stats.class; }\n";
        assertEquals(
                List.of(
                        "J.java:2: io.sparknn.cluster.StandaloneCluster (" + SHIPPED_RULE + ")",
                        "J.java:3: io.sparknn.bench.Stats.class (" + SHIPPED_RULE + ")"),
                violations("J.java", "jobs", jobs));
        String engine = "package io.sparknn.engine;\nimport io.sparknn.bench.*;\n";
        assertEquals(
                List.of("E.java:2: io.sparknn.bench.* (" + SHIPPED_RULE + ")"),
                violations("E.java", "engine", engine),
                "the engine's own rule does not name the benchmarks; the shipped rule does");
        String bench = "package io.sparknn.bench;\nimport io.sparknn.cluster.StandaloneCluster;\n"
                + "import io.sparknn.jobs.Train;\nimport org.apache.spark.SparkConf;\n";
        assertEquals(List.of(), violations("B.java", "bench", bench), "the benchmarks may use every module");
        assertEquals(List.of(), violations("C.java", "cluster", bench), "so may the harness");
    }

    /** The whole scan over a tree laid out like the repository, so that walking and naming the files are checked too. */
    @Test
    void theScanFindsAViolationInAModulesTree(@TempDir Path root) throws IOException {
        write(
                root.resolve("engine/src/main/java/io/sparknn/engine/train/Loop.java"),
                "package io.sparknn.engine.train;\n\nclass Loop { org.apache.spark.SparkContext sc; }\n");
        write(
                root.resolve("engine/src/main/java/io/sparknn/engine/Ok.java"),
                "package io.sparknn.engine;\nclass Ok {}\n");
        write(
                root.resolve("trainer/src/main/java/io/sparknn/trainer/T.java"),
                "package io.sparknn.trainer;\nimport io.sparknn.jobs.JobRunner;\nclass T {}\n");
        write(
                root.resolve("jobs/src/main/java/io/sparknn/jobs/J.java"),
                "package io.sparknn.jobs;\nimport org.apache.spark.SparkContext;\nclass J {}\n");
        write(
                root.resolve("cluster/src/main/java/io/sparknn/cluster/C.java"),
                "package io.sparknn.cluster;\nimport org.apache.spark.SparkConf;\nclass C {}\n");
        write(
                root.resolve("bench/src/main/java/io/sparknn/bench/B.java"),
                "package io.sparknn.bench;\nimport io.sparknn.cluster.C;\nclass B {}\n");
        Map<String, Integer> scanned = new LinkedHashMap<>();
        assertEquals(
                List.of(
                        "engine/src/main/java/io/sparknn/engine/train/Loop.java:3: org.apache.spark.SparkContext ("
                                + ENGINE_RULE + "; " + LOOP_RULE + ")",
                        "trainer/src/main/java/io/sparknn/trainer/T.java:2: io.sparknn.jobs.JobRunner (" + TRAINER_RULE
                                + ")"),
                scan(root, scanned));
        assertEquals(Map.of("engine", 2, LOOP_PACKAGE, 1, "trainer", 1, "jobs", 1, "cluster", 1, "bench", 1), scanned);
    }

    @Test
    void aSparkDependencyInAPomIsFoundButNotInACommentOrInDependencyManagement() {
        String pom = """
                <project>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.13</artifactId></dependency>
                  </dependencies></dependencyManagement>
                  <dependencies>
                    <!-- <dependency><groupId>org.scala-lang</groupId><artifactId>scala-library</artifactId></dependency> -->
                    <dependency><groupId>dev.ludovic.netlib</groupId><artifactId>blas</artifactId></dependency>
                    <dependency>
                      <groupId>org.apache.hadoop</groupId>
                      <artifactId>hadoop-client-api</artifactId>
                    </dependency>
                    <dependency><groupId>io.sparknn</groupId><artifactId>sparknn-trainer</artifactId></dependency>
                  </dependencies>
                </project>
                """;
        assertEquals(
                List.of("org.apache.hadoop:hadoop-client-api", "io.sparknn:sparknn-trainer"),
                forbiddenDependencies(pom));
    }

    // The checker.

    /** Every violation in the main sources of the modules under {@code root}; counts the files scanned per module and in the loop. */
    private static List<String> scan(Path root, Map<String, Integer> scanned) {
        List<String> out = new ArrayList<>();
        for (String module : MODULES) {
            scanned.put(module, 0);
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java"))
                        .sorted()
                        .toList()) {
                    scanned.merge(module, 1, Integer::sum);
                    String source = read(file);
                    if (packageOf(code(source)).equals(LOOP_PACKAGE)) {
                        scanned.merge(LOOP_PACKAGE, 1, Integer::sum);
                    }
                    String where = root.relativize(file).toString().replace('\\', '/');
                    out.addAll(violations(where, module, source));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Each forbidden name in the code of one file, as "file:line: name (the rules it breaks)". */
    static List<String> violations(String where, String module, String source) {
        String code = code(source);
        String pkg = packageOf(code);
        // By position, so that a name two rules forbid is listed once with both rules.
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, List<String>> rules = new LinkedHashMap<>();
        for (Rule rule : RULES) {
            if (!rule.appliesTo(module, pkg)) {
                continue;
            }
            for (Pattern forbidden : rule.forbidden()) {
                Matcher m = forbidden.matcher(code);
                while (m.find()) {
                    names.put(m.start(), m.group().replaceAll("\\s+", ""));
                    List<String> broken = rules.computeIfAbsent(m.start(), k -> new ArrayList<>());
                    if (!broken.contains(rule.name())) {
                        broken.add(rule.name());
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        names.forEach((at, name) ->
                out.add(where + ":" + lineOf(code, at) + ": " + name + " (" + String.join("; ", rules.get(at)) + ")"));
        return out;
    }

    /**
     * A qualified name that starts with the given package and goes on past it (a variable named
     * {@code scala} alone is not a reference): not preceded by a name part or a dot (so
     * {@code other.scala.x} is not {@code scala.x}), spaces allowed around its dots as Java allows.
     */
    private static Pattern reference(String prefix) {
        String head = Stream.of(prefix.split("\\.")).map(Pattern::quote).collect(Collectors.joining("\\s*\\.\\s*"));
        return Pattern.compile("(?<![\\w$.])" + head + "(?![\\w$])(?:\\s*\\.\\s*(?:[\\w$]+|\\*))+");
    }

    private static String packageOf(String code) {
        Matcher m = Pattern.compile("\\bpackage\\s+([\\w$.\\s]+?)\\s*;").matcher(code);
        return m.find() ? m.group(1).replaceAll("\\s+", "") : "";
    }

    private static int lineOf(String text, int at) {
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * The source with its comments, string literals, text blocks and character literals blanked out
     * (line breaks kept, so that line numbers still match).
     */
    static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = blank(source, out, i, end < 0 ? n : end);
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = blank(source, out, i, end < 0 ? n : end + 2);
            } else if (source.startsWith("\"\"\"", i)) {
                i = blank(source, out, i, closing(source, i + 3, "\"\"\""));
            } else if (c == '"' || c == '\'') {
                i = blank(source, out, i, closing(source, i + 1, String.valueOf(c)));
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Where a literal opened before {@code from} ends, past its closing delimiter, stepping over escapes. */
    private static int closing(String source, int from, String delimiter) {
        int i = from;
        while (i < source.length()) {
            if (source.charAt(i) == '\\') {
                i += 2;
            } else if (source.startsWith(delimiter, i)) {
                return i + delimiter.length();
            } else {
                i++;
            }
        }
        return source.length();
    }

    private static int blank(String source, StringBuilder out, int from, int to) {
        int end = Math.min(to, source.length());
        for (int i = from; i < end; i++) {
            out.append(source.charAt(i) == '\n' ? '\n' : ' ');
        }
        return end;
    }

    /** "groupId:artifactId" of each dependency the pom declares (outside comments and dependencyManagement) that puts Spark, Hadoop, Scala or another sparknn module on the classpath. */
    static List<String> forbiddenDependencies(String pom) {
        String declared = pom.replaceAll("(?s)<!--.*?-->", "")
                .replaceAll("(?s)<dependencyManagement>.*?</dependencyManagement>", "");
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)<dependency>(.*?)</dependency>").matcher(declared);
        while (m.find()) {
            String group = element(m.group(1), "groupId");
            String artifact = element(m.group(1), "artifactId");
            if (group.startsWith("org.apache.spark")
                    || group.startsWith("org.apache.hadoop")
                    || group.startsWith("org.scala-lang")
                    || artifact.contains("spark")
                    || artifact.contains("hadoop")
                    || artifact.startsWith("scala-")
                    || group.equals("io.sparknn")) {
                out.add(group + ":" + artifact);
            }
        }
        return out;
    }

    private static String element(String xml, String name) {
        Matcher m =
                Pattern.compile("<" + name + ">\\s*(.*?)\\s*</" + name + ">").matcher(xml);
        return m.find() ? m.group(1) : "";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
