package io.sparknn.engine.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Seeded mutations of valid inputs, for the readers' fuzz tests ({@link FuzzRun}): a generated input
 * is one of the seeds (valid files of the reader's format) changed by up to a few {@link Step}s:
 * bit flips, truncation, deleted, repeated and spliced ranges, long runs without a line break,
 * huge and odd numbers in place of a number, odd encodings (invalid UTF-8, byte order marks, the
 * whole input as UTF-16), format tokens from a dictionary, big-endian integers at header offsets,
 * gzip (intact, truncated or damaged) and plain random bytes.
 *
 * <p>Each step is data (its kind and three integers, applied deterministically), drawn from the
 * try's {@link SplittableRandom}: a failure message lists the steps, and the same try repeats them.
 */
public final class Mutations {
    /** What a step does; {@link #WEIGHTS} says how often. */
    public enum Kind {
        FLIP_BITS,
        INTERESTING_BYTE,
        DELETE,
        DUPLICATE,
        TRUNCATE,
        TOKEN,
        ENCODING,
        HUGE_NUMBER,
        LONG_RUN,
        SPLICE,
        RANDOM_RANGE,
        INT32,
        INT64,
        UTF16,
        GZIP,
        RANDOM_FILE
    }

    /** One mutation: where ({@code at}, taken modulo the input's length), how much, and which variant. */
    public record Step(Kind kind, int at, int size, int pick) {
        @Override
        public String toString() {
            return kind + "(" + at + "," + size + "," + pick + ")";
        }
    }

    /** A valid input of the reader's format, by name. */
    public record Seed(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A generated input: its seed, the steps applied, and the resulting bytes. */
    public record Input(int seed, String seedName, List<Step> steps, byte[] bytes) implements FuzzRun.Case {
        @Override
        public String toString() {
            return seedName + " " + steps + " → " + bytes.length + " bytes: " + preview(bytes, 200);
        }
    }

    private static final byte[] INTERESTING_BYTES = bytes(
            0x00, 0xFF, 0x7F, 0x80, 0x01, '\n', '\r', ' ', '\t', '"', ',', ';', ':', '#', '-', '+', '.', 'e', '0', '9',
            '{', '}', '[', ']', '\\', 0xC3, 0xEF, 0xFE, 0x1F, 0x8B);

    /** Byte sequences that are not plain UTF-8 text, and byte order marks. */
    private static final List<byte[]> ENCODINGS = List.of(
            bytes(0xC3, 0x28), // a lead byte without its continuation
            bytes(0x80), // a lone continuation byte
            bytes(0xA0, 0xA1),
            bytes(0xE2, 0x28, 0xA1),
            bytes(0xF0, 0x28, 0x8C, 0xBC),
            bytes(0xF8, 0xA1, 0xA1, 0xA1, 0xA1), // five-byte form, not UTF-8
            bytes(0xC0, 0xAF), // overlong '/'
            bytes(0xE0, 0x80, 0xAF), // overlong '/'
            bytes(0xED, 0xA0, 0x80), // an encoded surrogate
            bytes(0xF4, 0x90, 0x80, 0x80), // beyond U+10FFFF
            bytes(0xE2, 0x82), // a sequence cut short
            bytes(0xEF, 0xBB, 0xBF), // UTF-8 byte order mark
            bytes(0xFF, 0xFE), // UTF-16LE byte order mark
            bytes(0xFE, 0xFF), // UTF-16BE byte order mark
            bytes(0x00),
            bytes(0x00, 0x00, 0x00, 0x00),
            bytes(0xC2, 0x85), // NEL
            bytes(0xE2, 0x80, 0xA8), // LINE SEPARATOR
            bytes(0xE2, 0x80, 0xA9), // PARAGRAPH SEPARATOR
            bytes(0x0B), // vertical tab
            bytes(0x0C), // form feed
            bytes(0x1B, '[', '3', '1', 'm'), // a terminal escape
            bytes(0x0D), // a lone CR
            "é漢😀".getBytes(StandardCharsets.UTF_8));

    private static final List<String> HUGE_NUMBERS = List.of(
            "2147483647",
            "2147483648",
            "-2147483648",
            "-2147483649",
            "4294967295",
            "4294967296",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "18446744073709551616",
            "99999999999999999999999999999999",
            "1e309",
            "-1e309",
            "1e-400",
            "4.9e-324",
            "3.4028236e38",
            "-3.4028236e38",
            "1.4e-45",
            "1E2147483648",
            "1e-2147483649",
            "0." + "0".repeat(400) + "1",
            "9".repeat(2000),
            "NaN",
            "-Infinity",
            "Infinity",
            "0x7fffffff",
            "-0",
            "00000000000000000000001",
            "1_000",
            "1.",
            ".5",
            "1e",
            "--1",
            "46341",
            "65536",
            "268435456",
            "1073741824");

    private static final int[] INTS = {
        0,
        1,
        -1,
        2,
        3,
        7,
        8,
        255,
        256,
        2049,
        2051,
        46341,
        65535,
        65536,
        0x7FFF_FFFF,
        0x8000_0000,
        0x7FFF_FFF0,
        0x7FFF_FFF7,
        0x4000_0000,
        0x2000_0000,
        0x1000_0000,
        0x0100_0000,
        0xFFFF_FFFE
    };

    private static final long[] LONGS = {
        0, 1, -1, 24, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 1L << 32, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE
    };

    private static final Kind[] KINDS = Kind.values();

    /** The weight of each kind of step, in the order of {@link Kind}: whole-input rewrites are the rare ones. */
    private static final int[] WEIGHTS = {
        10, // FLIP_BITS
        8, // INTERESTING_BYTE
        6, // DELETE
        5, // DUPLICATE
        6, // TRUNCATE
        8, // TOKEN
        6, // ENCODING
        8, // HUGE_NUMBER
        3, // LONG_RUN
        5, // SPLICE
        4, // RANDOM_RANGE
        5, // INT32
        3, // INT64
        2, // UTF16
        2, // GZIP
        1 // RANDOM_FILE
    };

    private final List<Seed> seeds;
    private final List<byte[]> tokens;

    /**
     * @param seeds  valid inputs of the format
     * @param tokens the format's own words and separators (a dictionary, as AFL's): inserted and
     *               written over the input
     */
    public Mutations(List<Seed> seeds, List<String> tokens) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        this.seeds = List.copyOf(seeds);
        List<byte[]> t = new ArrayList<>();
        for (String s : tokens) {
            t.add(s.getBytes(StandardCharsets.UTF_8));
        }
        this.tokens = t.isEmpty() ? List.of(bytes(' ')) : List.copyOf(t);
    }

    public List<Seed> seeds() {
        return seeds;
    }

    /** An input: a seed and 0 to {@code maxSteps} steps (a seed unchanged now and then, as a check of the check). */
    public Input input(SplittableRandom random, int maxSteps) {
        int seed = random.nextInt(seeds.size());
        return apply(seed, steps(random, maxSteps));
    }

    /** 0 to {@code maxSteps} steps. */
    public static List<Step> steps(SplittableRandom random, int maxSteps) {
        int n = random.nextInt(maxSteps + 1);
        List<Step> steps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            steps.add(step(random));
        }
        return steps;
    }

    /** One step: a kind by its weight, a position, a size up to 2^18 and a variant. */
    public static Step step(SplittableRandom random) {
        return new Step(
                KINDS[weighted(random, WEIGHTS)],
                biased(random, Integer.MAX_VALUE),
                biased(random, 1 << 18),
                biased(random, Integer.MAX_VALUE));
    }

    /** An index into {@code weights}, each drawn as often as its weight says. */
    public static int weighted(SplittableRandom random, int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; ; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
    }

    /**
     * A number in [0, max], drawn as a property-testing library draws one: now and then an edge
     * (0, 1, max), often a small one (below 256), else any.
     */
    static int biased(SplittableRandom random, int max) {
        int r = random.nextInt(8);
        if (r == 0) {
            return switch (random.nextInt(3)) {
                case 0 -> 0;
                case 1 -> 1;
                default -> max;
            };
        }
        if (r <= 3) {
            return random.nextInt(Math.min(256, max) + 1);
        }
        return max == Integer.MAX_VALUE ? random.nextInt() & Integer.MAX_VALUE : random.nextInt(max + 1);
    }

    /** Seed {@code seed} with {@code steps} applied in order. */
    public Input apply(int seed, List<Step> steps) {
        return new Input(
                seed,
                seeds.get(seed).name(),
                List.copyOf(steps),
                mutate(seeds.get(seed).bytes(), steps));
    }

    /** {@code b} (any bytes: a part of a seed, say) with {@code steps} applied in order; splices take from the seeds. */
    public byte[] mutate(byte[] b, List<Step> steps) {
        byte[] out = b.clone();
        for (Step s : steps) {
            out = apply(out, s);
        }
        return out;
    }

    private byte[] apply(byte[] b, Step s) {
        int n = b.length;
        SplittableRandom random = new SplittableRandom(s.pick());
        int at = n == 0 ? 0 : Math.floorMod(s.at(), n);
        return switch (s.kind()) {
            case FLIP_BITS -> {
                if (n == 0) {
                    yield b;
                }
                byte[] c = b.clone();
                for (int i = 0; i <= s.size() % 8; i++) {
                    int p = i == 0 ? at : random.nextInt(n);
                    c[p] ^= (byte) (1 << random.nextInt(8));
                }
                yield c;
            }
            case INTERESTING_BYTE -> {
                if (n == 0) {
                    yield b;
                }
                byte[] c = b.clone();
                c[at] = INTERESTING_BYTES[Math.floorMod(s.pick(), INTERESTING_BYTES.length)];
                yield c;
            }
            case DELETE -> splice(b, at, Math.min(n - at, 1 + s.size() % Math.max(1, n / 2)), new byte[0]);
            case DUPLICATE -> {
                int from = n == 0 ? 0 : Math.floorMod(s.pick(), n);
                int length = Math.min(n - from, 1 + s.size() % 256);
                yield splice(b, at, 0, Arrays.copyOfRange(b, from, from + length));
            }
            case TRUNCATE -> Arrays.copyOf(b, n == 0 ? 0 : Math.floorMod(s.at(), n));
            case TOKEN -> {
                byte[] token = tokens.get(Math.floorMod(s.pick(), tokens.size()));
                // insert, or write over as many bytes
                yield splice(b, at, s.size() % 2 == 0 ? 0 : Math.min(n - at, token.length), token);
            }
            case ENCODING -> {
                byte[] odd = ENCODINGS.get(Math.floorMod(s.pick(), ENCODINGS.size()));
                yield switch (s.size() % 4) {
                    case 0 -> splice(b, 0, 0, odd); // at the very start
                    case 1 -> splice(b, n, 0, odd); // at the very end
                    default -> splice(b, at, s.size() % 3 == 0 ? Math.min(1, n - at) : 0, odd);
                };
            }
            case HUGE_NUMBER -> hugeNumber(b, at, HUGE_NUMBERS.get(Math.floorMod(s.pick(), HUGE_NUMBERS.size())));
            case LONG_RUN -> {
                byte[] unit = s.pick() % 3 == 0 || n == 0
                        ? tokens.get(Math.floorMod(s.pick(), tokens.size()))
                        : Arrays.copyOfRange(b, at, Math.min(n, at + 1 + s.pick() % 8));
                int total = 1000 + s.size();
                ByteArrayOutputStream run = new ByteArrayOutputStream(total + unit.length);
                while (run.size() < total) {
                    run.writeBytes(unit);
                }
                yield splice(b, at, 0, run.toByteArray());
            }
            case SPLICE -> {
                byte[] other = seeds.get(Math.floorMod(s.pick(), seeds.size())).bytes();
                int from = other.length == 0 ? 0 : Math.floorMod(s.size(), other.length);
                yield splice(b, at, n - at, Arrays.copyOfRange(other, from, other.length));
            }
            case RANDOM_RANGE -> {
                byte[] r = new byte[1 + s.size() % 64];
                random.nextBytes(r);
                yield splice(b, at, Math.min(n - at, r.length), r);
            }
            case INT32 -> {
                int v = INTS[Math.floorMod(s.pick(), INTS.length)];
                int p = s.size() % 2 == 0 ? at & ~3 : at; // header fields sit at multiples of 4
                yield splice(
                        b,
                        p,
                        Math.min(n - p, 4),
                        ByteBuffer.allocate(4).putInt(v).array());
            }
            case INT64 -> {
                long v = LONGS[Math.floorMod(s.pick(), LONGS.length)];
                int p = s.size() % 2 == 0 ? at & ~3 : at;
                yield splice(
                        b,
                        p,
                        Math.min(n - p, 8),
                        ByteBuffer.allocate(8).putLong(v).array());
            }
            case UTF16 -> {
                String text = new String(b, StandardCharsets.UTF_8);
                byte[] encoded =
                        text.getBytes(s.pick() % 2 == 0 ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
                byte[] bom = s.pick() % 2 == 0 ? bytes(0xFF, 0xFE) : bytes(0xFE, 0xFF);
                yield s.size() % 2 == 0 ? splice(encoded, 0, 0, bom) : encoded;
            }
            case GZIP -> {
                byte[] z = gzip(b);
                yield switch (s.size() % 3) {
                    case 0 -> z;
                    case 1 -> Arrays.copyOf(z, Math.floorMod(s.at(), z.length)); // truncated
                    default -> {
                        byte[] c = z.clone(); // damaged after the 10-byte header
                        int p = 10 + Math.floorMod(s.at(), Math.max(1, c.length - 10));
                        c[Math.min(p, c.length - 1)] ^= (byte) (1 + random.nextInt(255));
                        yield c;
                    }
                };
            }
            case RANDOM_FILE -> {
                byte[] r = new byte[s.size() % 4096];
                random.nextBytes(r);
                yield r;
            }
        };
    }

    /** The digits (and sign, point, exponent) around {@code at} replaced by {@code number}; inserted there when there are none. */
    private static byte[] hugeNumber(byte[] b, int at, String number) {
        int start = at;
        while (start < b.length && !isDigit(b[start])) {
            start++;
        }
        if (start == b.length) {
            return splice(b, at, 0, number.getBytes(StandardCharsets.US_ASCII));
        }
        while (start > 0 && isNumberByte(b[start - 1])) {
            start--;
        }
        int end = start;
        while (end < b.length && isNumberByte(b[end])) {
            end++;
        }
        return splice(b, start, end - start, number.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNumberByte(byte c) {
        return isDigit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    }

    /** {@code b} with {@code length} bytes at {@code at} replaced by {@code insert}. */
    public static byte[] splice(byte[] b, int at, int length, byte[] insert) {
        int p = Math.min(Math.max(at, 0), b.length);
        int l = Math.min(Math.max(length, 0), b.length - p);
        byte[] out = new byte[b.length - l + insert.length];
        System.arraycopy(b, 0, out, 0, p);
        System.arraycopy(insert, 0, out, p, insert.length);
        System.arraycopy(b, p + l, out, p + insert.length, b.length - p - l);
        return out;
    }

    public static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** The first {@code max} bytes as text, non-printing ones as \xNN. */
    public static String preview(byte[] b, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, max); i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02X", c));
            }
        }
        return b.length > max ? s + "…" : s.toString();
    }
}
