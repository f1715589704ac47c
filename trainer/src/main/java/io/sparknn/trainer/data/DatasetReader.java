package io.sparknn.trainer.data;

import io.sparknn.trainer.config.DataConfig;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a configured data set on the driver from any Hadoop path (a file, or a directory whose
 * files are read in name order) or from the built-in data, into one block with ids 0..n−1.
 * Every problem is a {@link DataException} naming the file and line.
 */
public final class DatasetReader {
    /** The embedded default data set: UCI optdigits, 1,797 8×8 digits (CC BY 4.0). */
    public static final String BUILTIN_DIGITS = "digits";

    private DatasetReader() {
    }

    /**
     * @param knownLabels  class names learnt from the training data, so a test set maps names to
     *                     the same indices (null for the training data itself)
     */
    public static Dataset read(DataConfig c, String location, String labels, Configuration hadoop, List<String> knownLabels,
                               int width) {
        return read(c, location, labels, hadoop, knownLabels, width, 0);
    }

    /**
     * As {@link #read(DataConfig, String, String, Configuration, List, int)}, with every class index
     * checked to be below {@code classes} (the network's outputs; 0 = unchecked), so that a label
     * out of range is an error naming its line.
     */
    public static Dataset read(DataConfig c, String location, String labels, Configuration hadoop, List<String> knownLabels,
                               int width, int classes) {
        if (c.format().equals("idx")) {
            return combine(location, List.of(idx(location, labels, hadoop, classes)), knownLabels);
        }
        if (c.format().equals("parquet") || c.format().equals("table")) {
            return TableReader.read(org.apache.spark.sql.SparkSession.builder().getOrCreate(), c, location, knownLabels,
                    classes);
        }
        List<ParsedExamples> parts = new ArrayList<>();
        for (Source s : sources(c, location, hadoop)) {
            try (InputStream in = s.open()) {
                parts.add(parse(c, in, s.name(), width).requireClassesBelow(classes));
            } catch (IOException e) {
                throw DataException.atByte(s.name(), 0, "cannot read: " + e.getMessage());
            }
        }
        return combine(location, parts, knownLabels);
    }

    private static ParsedExamples idx(String images, String labels, Configuration hadoop, int classes) {
        Source im = single(images, hadoop);
        Source lb = single(labels, hadoop);
        try (InputStream a = im.open(); InputStream b = lb.open()) {
            return IdxReader.read(a, im.name(), b, lb.name(), classes);
        } catch (IOException e) {
            throw DataException.atByte(images, 0, "cannot read: " + e.getMessage());
        }
    }

    private static Source single(String location, Configuration hadoop) {
        List<Source> s = files(location, hadoop);
        if (s.size() != 1) {
            throw DataException.of(location, "expected one file, found " + s.size());
        }
        return s.get(0);
    }

    /**
     * Rows to predict on, in the training format: a CSV may come without its label column (then
     * every column is a feature) or with it (read as text and ignored); LIBSVM lines keep their
     * label token. The block's labels are all 0.
     */
    public static Dataset readUnlabelled(DataConfig c, String location, Configuration hadoop, int width) {
        boolean csv = c.format().equals("csv") || c.format().equals("builtin");
        Dataset d = null;
        DataException withoutLabel = null;
        try {
            d = unlabelled(c, location, hadoop, width, csv ? "none" : "string");
        } catch (DataException e) {
            if (!csv) {
                throw e;
            }
            withoutLabel = e; // e.g. a label column of class names, read as a feature
        }
        if (csv && (d == null || d.examples().width != width)) {
            try {
                Dataset withLabel = unlabelled(c, location, hadoop, width, "string");
                if (withLabel.examples().width == width) {
                    d = withLabel;
                }
            } catch (DataException e) {
                if (d == null) {
                    // both readings fail: the one that got further names the real problem
                    throw e.line() > withoutLabel.line() ? e : withoutLabel;
                }
            }
        }
        if (d == null) {
            throw withoutLabel;
        }
        ExampleBlock b = d.examples();
        ExampleBlock unlabelled = new ExampleBlock(b.n, b.width, b.features, b.ids, new int[b.n], null, 1, 1);
        return new Dataset(location, unlabelled, 0, List.of(), d.skipped());
    }

    private static Dataset unlabelled(DataConfig c, String location, Configuration hadoop, int width, String labels) {
        DataConfig read = new DataConfig(c.format(), c.train(), c.trainLabels(), c.test(), c.testLabels(),
                c.validationFraction(), c.labelColumn(), c.delimiter(), c.header(), labels, c.scaling(), c.divisor(),
                c.skipMalformed(), c.featuresColumn(), c.labelColumnName(), c.storageLevel());
        List<ParsedExamples> parts = new ArrayList<>();
        for (Source s : sources(read, location, hadoop)) {
            try (InputStream in = s.open()) {
                ParsedExamples p = parse(read, in, s.name(), width);
                if (p.stringLabels != null) {
                    p = p.withLabelIndex(LabelIndex.of(List.of(p.stringLabels)));
                } else if (!p.hasLabels()) {
                    p = p.withDummyLabels();
                }
                parts.add(p);
            } catch (IOException e) {
                throw DataException.atByte(s.name(), 0, "cannot read: " + e.getMessage());
            }
        }
        return combine(location, parts, null);
    }

    private static ParsedExamples parse(DataConfig c, InputStream in, String name, int width) throws IOException {
        return switch (c.format()) {
            case "builtin", "csv" -> csv(c).parse(in, name);
            case "libsvm" -> LibsvmFormat.defaults().withWidth(width).withSkipMalformed(c.skipMalformed())
                    .withLabelKind(c.labels().equals("float") ? LabelKind.FLOAT : LabelKind.CLASS_INDEX).parse(in, name);
            default -> throw DataException.of(name, "format '" + c.format() + "' cannot be read here");
        };
    }

    static CsvFormat csv(DataConfig c) {
        if (c.format().equals("builtin")) {
            return c.labels().equals("none") ? CsvFormat.defaults().withLabelKind(LabelKind.NONE) : CsvFormat.defaults();
        }
        CsvFormat f = CsvFormat.defaults().withDelimiter(c.delimiter().charAt(0)).withLabelColumn(c.labelColumn())
                .withSkipMalformed(c.skipMalformed()).withLabelKind(switch (c.labels()) {
                    case "string" -> LabelKind.STRING;
                    case "float" -> LabelKind.FLOAT;
                    case "none" -> LabelKind.NONE;
                    default -> LabelKind.CLASS_INDEX;
                });
        return switch (c.header()) {
            case "first" -> f.withHeader(CsvFormat.Header.NAMES);
            case "sklearn" -> f.withHeader(CsvFormat.Header.SKLEARN);
            default -> f;
        };
    }

    /** All parts as one block with ids in file order; string labels indexed over all parts. */
    static Dataset combine(String location, List<ParsedExamples> parts, List<String> knownLabels) {
        if (parts.isEmpty()) {
            throw DataException.atByte(location, 0, "no data files");
        }
        LabelIndex index = labelIndex(parts, knownLabels);
        List<ExampleBlock> blocks = new ArrayList<>();
        long skipped = 0;
        long next = 0;
        int width = parts.get(0).width;
        for (ParsedExamples p : parts) {
            if (p.width != width) {
                throw DataException.atByte(p.source, 0, "rows have " + p.width + " features where " + parts.get(0).source
                        + " has " + width);
            }
            ParsedExamples indexed = p.stringLabels != null ? p.withLabelIndex(index) : p;
            blocks.add(indexed.toBlock(next));
            next += p.n;
            skipped += p.skippedMalformed;
        }
        if (next == 0) {
            throw DataException.atByte(location, 0, "no examples");
        }
        ExampleBlock all = concat(blocks);
        List<String> names = index != null ? index.names() : parts.get(0).labelNames;
        int classes = all.labels == null ? 0 : Math.max(names.size(), maxLabel(all.labels) + 1);
        return new Dataset(location, all, classes, names, skipped);
    }

    private static LabelIndex labelIndex(List<ParsedExamples> parts, List<String> knownLabels) {
        if (parts.stream().noneMatch(p -> p.stringLabels != null)) {
            return null;
        }
        if (knownLabels != null && !knownLabels.isEmpty()) {
            return LabelIndex.declared(knownLabels);
        }
        for (ParsedExamples p : parts) {
            if (p.stringLabels != null && !p.labelNames.isEmpty()) {
                return LabelIndex.declared(p.labelNames); // a header's declared classes (scikit-learn CSV)
            }
        }
        List<String> all = new ArrayList<>();
        for (ParsedExamples p : parts) {
            all.addAll(List.of(p.stringLabels));
        }
        return LabelIndex.of(all);
    }

    private static int maxLabel(int[] labels) {
        int m = -1;
        for (int l : labels) {
            m = Math.max(m, l);
        }
        return m;
    }

    static ExampleBlock concat(List<ExampleBlock> blocks) {
        if (blocks.size() == 1) {
            return blocks.get(0);
        }
        ExampleBlock first = blocks.get(0);
        int n = blocks.stream().mapToInt(b -> b.n).sum();
        int per = first.targetRowsPerExample;
        int tw = first.targetWidth * per;
        float[] x = new float[n * first.width];
        long[] ids = new long[n];
        int[] labels = first.labels == null ? null : new int[n * per];
        float[] targets = first.targets == null ? null : new float[n * tw];
        int at = 0;
        for (ExampleBlock b : blocks) {
            System.arraycopy(b.features, 0, x, at * first.width, b.n * first.width);
            System.arraycopy(b.ids, 0, ids, at, b.n);
            if (labels != null) {
                System.arraycopy(b.labels, 0, labels, at * per, b.n * per);
            } else {
                System.arraycopy(b.targets, 0, targets, at * tw, b.n * tw);
            }
            at += b.n;
        }
        return new ExampleBlock(n, first.width, x, ids, labels, targets, first.targetWidth, per);
    }

    /** A file to read, or the built-in resource. */
    interface Source {
        String name();

        InputStream open() throws IOException;
    }

    static List<Source> sources(DataConfig c, String location, Configuration hadoop) {
        if (c.format().equals("builtin")) {
            if (!location.equals(BUILTIN_DIGITS)) {
                throw DataException.of("builtin:" + location, "no such built-in data set (the one built in is '"
                        + BUILTIN_DIGITS + "')");
            }
            String resource = EmbeddedData.DIGITS_RESOURCE;
            return List.of(new Source() {
                public String name() {
                    return "builtin:digits";
                }

                public InputStream open() throws IOException {
                    InputStream in = DatasetReader.class.getResourceAsStream(resource);
                    if (in == null) {
                        throw new FileNotFoundException("resource " + resource + " is missing from the jar");
                    }
                    return in;
                }
            });
        }
        return files(location, hadoop);
    }

    static List<Source> files(String location, Configuration hadoop) {
        try {
            Path p = new Path(location);
            FileSystem fs = p.getFileSystem(hadoop);
            if (!fs.exists(p)) {
                throw DataException.of(location, "file not found");
            }
            List<Source> out = new ArrayList<>();
            FileStatus st = fs.getFileStatus(p);
            List<FileStatus> files = new ArrayList<>();
            if (st.isDirectory()) {
                for (FileStatus f : fs.listStatus(p)) {
                    String n = f.getPath().getName();
                    if (f.isFile() && !n.startsWith(".") && !n.startsWith("_")) {
                        files.add(f);
                    }
                }
                files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            } else {
                files.add(st);
            }
            for (FileStatus f : files) {
                Path fp = f.getPath();
                out.add(new Source() {
                    public String name() {
                        return fp.toString();
                    }

                    public InputStream open() throws IOException {
                        return fs.open(fp);
                    }
                });
            }
            return out;
        } catch (IOException e) {
            throw DataException.of(location, "cannot list: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw DataException.of(location, "not a valid path: " + e.getMessage());
        }
    }
}
