package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules over the main sources of every module that ships in the job jar (engine, trainer, jobs),
 * read as text (the tests run in {@code jobs/}): what they break would otherwise show only when a
 * job ends with the wrong exit code, or when a test setting leaks into a production run. The
 * cluster harness and the benchmarks are outside: the harness exists to inject faults, and neither
 * reaches a job's exit code.
 */
class MainCodeRulesTest {
    private static final List<Path> MAIN_SOURCES = Stream.of("../engine", "../trainer", ".")
            .map(m -> Path.of(m, "src/main/java"))
            .toList();
    /** A class that derives directly from one of Java's exception types. */
    private static final Pattern DIRECT_EXCEPTION =
            Pattern.compile("class (\\w+)\\s+extends\\s+(?:java\\.\\w+\\.)*(RuntimeException|Exception|IOException|"
                    + "IllegalArgumentException|IllegalStateException|UncheckedIOException)\\b");
    /** The root itself. */
    private static final Set<String> OUTSIDE_THE_ROOT = Set.of("SparknnException");

    /** A new error type outside the root would end every job it stops with the unexpected-failure code 1. */
    @Test
    void everyExceptionTypeOfTheProjectExtendsTheRoot() {
        List<String> direct = new ArrayList<>();
        for (Path file : javaFiles()) {
            Matcher m = DIRECT_EXCEPTION.matcher(read(file));
            while (m.find()) {
                String outer = file.getFileName().toString().replace(".java", "");
                String name = m.group(1).equals(outer) ? outer : outer + "." + m.group(1);
                if (!OUTSIDE_THE_ROOT.contains(name)) {
                    direct.add(name + " extends " + m.group(2));
                }
            }
        }
        assertEquals(List.of(), direct, "extend io.sparknn.engine.SparknnException with the kind of the failure");
    }

    /** Faults and pauses that tests need are injected by the tests (listeners, test modules), not switched on in main code. */
    @Test
    void noMainCodeReadsATestSetting() {
        List<String> readers = new ArrayList<>();
        for (Path file : javaFiles()) {
            if (read(file).contains("\"sparknn.test.")) {
                readers.add(file.toString());
            }
        }
        assertEquals(List.of(), readers);
    }

    private static List<Path> javaFiles() {
        List<Path> out = new ArrayList<>();
        for (Path root : MAIN_SOURCES) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
