package io.sparknn.trainer.data;

import io.sparknn.trainer.config.DataFormat;
import io.sparknn.trainer.config.LabelType;
import io.sparknn.trainer.config.TableData;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One unit a task parses on its own: a data file, the built-in data set, or an IDX images file
 * with its labels file. A directory is one unit per file, in name order, so the units' order is
 * the data set's order and a file's rows keep their lines for error messages. Listed on the
 * driver, opened wherever the parse runs.
 *
 * @param index   position among the data set's units
 * @param name    the file's URI as listed (or {@code builtin:digits}), the source errors name
 * @param labels  IDX: the labels file's URI; else null
 */
public record DataUnit(int index, String name, String labels) implements Serializable {
    /** The embedded default data set: UCI optdigits, 1,797 8×8 digits (CC BY 4.0). */
    public static final String BUILTIN_DIGITS = "digits";

    private static final String BUILTIN_NAME = "builtin:" + BUILTIN_DIGITS;

    /** The units of a configured location; errors name the location. */
    public static List<DataUnit> list(TableData c, String location, String labels, Configuration hadoop) {
        if (c.format() == DataFormat.BUILTIN) {
            if (!location.equals(BUILTIN_DIGITS)) {
                throw DataException.of(
                        "builtin:" + location,
                        "no such built-in data set (the one built in is '" + BUILTIN_DIGITS + "')");
            }
            return List.of(new DataUnit(0, BUILTIN_NAME, null));
        }
        if (c.format() == DataFormat.IDX && labels != null) {
            return List.of(new DataUnit(0, single(location, hadoop), single(labels, hadoop)));
        }
        List<DataUnit> units = new ArrayList<>();
        for (String f : files(location, hadoop)) {
            units.add(new DataUnit(units.size(), f, null));
        }
        return units;
    }

    /**
     * This unit's rows, every class index checked to be below {@code classes} (0 = unchecked).
     *
     * @param width the network's input width, which LIBSVM's sparse rows are laid out in
     * @throws DataException naming this unit's file and the line, byte or row
     */
    public ParsedExamples parse(Configuration hadoop, TableData c, int width, int classes) {
        if (labels != null) {
            try (InputStream a = open(name, hadoop);
                    InputStream b = open(labels, hadoop)) {
                return IdxReader.read(a, name, b, labels, classes);
            } catch (IOException e) {
                throw DataException.atByte(name, 0, "cannot read: " + e.getMessage());
            }
        }
        try (InputStream in = open(name, hadoop)) {
            return parse(c, in, width).requireClassesBelow(classes);
        } catch (IOException e) {
            throw DataException.atByte(name, 0, "cannot read: " + e.getMessage());
        }
    }

    private ParsedExamples parse(TableData c, InputStream in, int width) throws IOException {
        return switch (c.format()) {
            case BUILTIN, CSV -> DatasetReader.csv(c).parse(in, name);
            case LIBSVM ->
                LibsvmFormat.defaults()
                        .withWidth(width)
                        .withSkipMalformed(c.skipMalformed())
                        .withLabelKind(c.labels() == LabelType.FLOAT ? LabelKind.FLOAT : LabelKind.CLASS_INDEX)
                        .parse(in, name);
            default -> throw DataException.of(name, "format '" + c.format().text() + "' cannot be read here");
        };
    }

    /** {@code uri} opened; one that cannot be is an error naming it (not the images file of its labels). */
    private static InputStream open(String uri, Configuration hadoop) {
        try {
            if (uri.equals(BUILTIN_NAME)) {
                InputStream in = DataUnit.class.getResourceAsStream(EmbeddedData.DIGITS_RESOURCE);
                if (in == null) {
                    throw new FileNotFoundException(
                            "resource " + EmbeddedData.DIGITS_RESOURCE + " is missing from the jar");
                }
                return in;
            }
            Path p = new Path(uri);
            return p.getFileSystem(hadoop).open(p);
        } catch (IOException e) {
            throw DataException.atByte(uri, 0, "cannot read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // a name Hadoop's paths reject where the file system derives another from it: the local file
            // system's checksum file '.a:b.crc' of 'a:b' is a relative path with a scheme
            String why = String.valueOf(e.getMessage()).replaceFirst("^([\\w$]+\\.)*[\\w$]*Exception: ", "");
            throw DataException.atByte(
                    uri,
                    0,
                    "cannot open: Hadoop cannot handle the file's name (" + why + ")"
                            + (uri.substring(uri.lastIndexOf('/') + 1).contains(":")
                                    ? "; rename it without ':'"
                                    : "; rename it"));
        }
    }

    private static String single(String location, Configuration hadoop) {
        List<String> s = files(location, hadoop);
        if (s.size() != 1) {
            throw DataException.of(location, "expected one file, found " + s.size());
        }
        return s.get(0);
    }

    /**
     * A file, or a directory's files in name order (hidden and {@code _}-prefixed ones left out). A
     * subdirectory (or a link the file system lists but does not follow) that is neither is an error
     * naming it, the first in name order: its data would otherwise be left out without a word, and
     * the run would train on part of it.
     */
    static List<String> files(String location, Configuration hadoop) {
        try {
            Path p = new Path(location);
            FileSystem fs = p.getFileSystem(hadoop);
            if (!fs.exists(p)) {
                throw DataException.of(location, "file not found");
            }
            FileStatus st = fs.getFileStatus(p);
            List<FileStatus> files = new ArrayList<>();
            int empty = 0;
            if (st.isDirectory()) {
                FileStatus[] listed = fs.listStatus(p);
                java.util.Arrays.sort(
                        listed,
                        (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
                for (FileStatus f : listed) {
                    String n = f.getPath().getName();
                    if (n.startsWith(".") || n.startsWith("_")) {
                        continue;
                    }
                    if (f.isDirectory()) {
                        throw DataException.of(
                                f.getPath().toString(),
                                "is a subdirectory, and only the files directly in "
                                        + location
                                        + " are read: move its files up beside them, or start its name with '_' "
                                        + "to leave it out");
                    }
                    if (!f.isFile()) {
                        throw DataException.of(
                                f.getPath().toString(),
                                "is neither a file nor a directory (a link the file "
                                        + "system does not follow?); remove it, or start its name with '_' to leave it out");
                    }
                    if (f.getLen() == 0) {
                        empty++; // as Spark writes for an empty partition
                        continue;
                    }
                    files.add(f);
                }
                if (files.isEmpty()) {
                    throw DataException.atByte(
                            location,
                            0,
                            "no data files"
                                    + (empty > 0
                                            ? " (" + empty + " empty file" + (empty > 1 ? "s" : "") + " left out)"
                                            : ""));
                }
            } else {
                files.add(st);
            }
            return files.stream().map(f -> f.getPath().toString()).toList();
        } catch (IOException e) {
            throw DataException.of(location, "cannot list: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw DataException.of(location, "not a valid path: " + e.getMessage());
        }
    }
}
