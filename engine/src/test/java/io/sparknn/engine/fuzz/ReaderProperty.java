package io.sparknn.engine.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sparknn.engine.SparknnException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The property every reader's fuzz test checks for each input: reading it either succeeds or fails
 * with a {@link SparknnException} of the reader's documented kind whose message is one line naming
 * the source; never another exception (an {@link java.io.IOException} included: every input is in
 * memory or a local file), never an {@link OutOfMemoryError}, never a hang (each input runs under
 * a deadline in a thread of its own), and never allocating far more than the input holds: a size
 * field is checked against the bytes present before anything is sized by it, so a header claiming
 * 2^31 elements fails as truncated, whatever the heap.
 *
 * <p>The deadline is a hang guard, not a speed check: a normal input takes milliseconds.
 *
 * <p>How many inputs and from which seed: {@link FuzzRun}.
 */
public final class ReaderProperty {
    /** The per-input deadline: far beyond a normal input's milliseconds, short of a CI timeout. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    /** A line break of any kind: what a one-line message must not contain. */
    private static final Pattern LINE_BREAK = Pattern.compile("[\\n\\r\\u000B\\u000C\\u0085\\u2028\\u2029]");

    /** Allocation allowed whatever the input (buffers, a few MB of initial arrays, the JIT's share). */
    private static final long ALLOCATION_FLOOR = 64L << 20;

    /**
     * Allocation allowed per byte of (gunzipped) content: generous, since garbage counts too (a spec
     * line of many short fields churns some 500 bytes per byte, a skipped malformed line of 2 bytes
     * an exception with its stack trace, some 1,700 bytes per byte); what it catches is an array
     * sized by a field: hundreds of megabytes from a few bytes.
     */
    private static final long ALLOCATION_PER_BYTE = 4096;

    /** Inputs read and refused so far, for {@link FuzzRun}'s summary: a fuzz run that only refuses tests little. */
    private static final AtomicLong READ = new AtomicLong();

    private static final AtomicLong REFUSED = new AtomicLong();

    private ReaderProperty() {}

    /** Inputs read and inputs refused (with the right error) so far in this JVM. */
    static long[] outcomes() {
        return new long[] {READ.get(), REFUSED.get()};
    }

    /** Reads an input; any exception is the reader's verdict, which the property judges. */
    @FunctionalInterface
    public interface Read {
        void run() throws Exception;
    }

    /**
     * Runs {@code read} under the deadline and returns what it threw (null for success), after
     * checking it threw nothing but a {@link SparknnException} of {@code kind} with a one-line
     * message containing {@code source}, and allocated at most the floor plus
     * {@link #ALLOCATION_PER_BYTE} per byte of {@code contentBytes}.
     */
    public static SparknnException check(SparknnException.Kind kind, String source, long contentBytes, Read read) {
        Outcome o = assertTimeoutPreemptively(DEADLINE, () -> run(read), "no verdict within " + DEADLINE);
        if (o.thrown instanceof OutOfMemoryError e) {
            throw new AssertionError("out of memory: a size was not checked before allocating", e);
        }
        if (o.thrown != null && !(o.thrown instanceof SparknnException)) {
            throw new AssertionError("not a SparknnException: " + o.thrown, o.thrown);
        }
        long limit = ALLOCATION_FLOOR + ALLOCATION_PER_BYTE * contentBytes;
        if (o.allocated > limit) {
            fail("allocated " + o.allocated + " bytes reading " + contentBytes + " bytes of content (limit " + limit
                    + "): sized by a header or a value rather than by the bytes present?"
                    + (o.thrown == null ? "" : " It then failed with: " + o.thrown.getMessage()));
        }
        if (o.thrown == null) {
            READ.incrementAndGet();
            return null;
        }
        SparknnException e = (SparknnException) o.thrown;
        String m = String.valueOf(e.getMessage());
        assertEquals(kind, e.kind(), () -> "kind of: " + m);
        assertTrue(!LINE_BREAK.matcher(m).find(), () -> "more than one line: " + escape(m));
        assertTrue(m.contains(source), () -> "does not name " + source + ": " + escape(m));
        REFUSED.incrementAndGet();
        return e;
    }

    private record Outcome(Throwable thrown, long allocated) {}

    /** What {@code read} threw (errors included: the property judges them) and what this thread allocated. */
    private static Outcome run(Read read) {
        long before = allocatedBytes();
        Throwable thrown = null;
        try {
            read.run();
        } catch (Throwable t) {
            thrown = t;
        }
        return new Outcome(thrown, allocatedBytes() - before);
    }

    /** Bytes this thread allocated so far (HotSpot's count; 0 where the JVM does not keep one). */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()
                && t.isThreadAllocatedMemoryEnabled()) {
            return t.getCurrentThreadAllocatedBytes();
        }
        return 0;
    }

    /** {@code s} with control characters and line separators shown as {@code \}uXXXX. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x85 || c == 0x2028 || c == 0x2029 ? String.format("\\u%04X", (int) c) : c);
        }
        return b.toString();
    }
}
