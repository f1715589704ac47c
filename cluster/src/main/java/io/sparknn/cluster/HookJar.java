package io.sparknn.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A jar of harness classes that a cluster test's driver loads through {@code spark.jars} (a listener,
 * a file system), so the hooks that observe and stop a run stay in this harness and out of the job
 * jar.
 */
public final class HookJar {
    private HookJar() {}

    /** Writes {@code classes} and the classes nested in them, read from this JVM's classpath, to {@code jar}. */
    public static Path write(Path jar, Class<?>... classes) throws IOException {
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> c : classes) {
            addWithNested(c, all);
        }
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            for (Class<?> c : all) {
                String entry = c.getName().replace('.', '/') + ".class";
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IOException("class file " + entry + " is not on the classpath");
                    }
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    private static void addWithNested(Class<?> c, List<Class<?>> all) {
        all.add(c);
        for (Class<?> nested : c.getDeclaredClasses()) {
            addWithNested(nested, all);
        }
    }
}
