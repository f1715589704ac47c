package io.sparknn.trainer.ml;

/**
 * The uid of a stage while its Spark ML superclass constructs it. MLlib's Scala classes receive
 * their uid as a constructor field that Scala assigns before the superclass constructor runs, and
 * the shared params those constructors create ({@code featuresCol}, ...) take their owner's uid at
 * once; a Java subclass can assign a field only after {@code super()}. The constructor therefore
 * holds the uid here, on its thread, for {@code uid()} to return during {@code super()}, and takes
 * it back right after.
 */
final class Uids {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private Uids() {}

    /** What a constructor passes on to its private constructor: the uid, held for {@link #orPending}. */
    static final class Held {
        private Held() {}

        /** The held uid, no longer held. */
        String release() {
            String uid = PENDING.get();
            PENDING.remove();
            return uid;
        }
    }

    static Held hold(String uid) {
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("a uid must not be empty");
        }
        PENDING.set(uid);
        return new Held();
    }

    /**
     * What a stage's {@code uid()} returns: its uid field, or, while its superclass constructor runs
     * and the field is not yet assigned, the uid held for it on this thread.
     */
    static String orPending(String assigned) {
        return assigned != null ? assigned : PENDING.get();
    }
}
