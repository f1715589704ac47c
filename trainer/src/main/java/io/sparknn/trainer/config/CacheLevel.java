package io.sparknn.trainer.config;

/**
 * {@code data.storage_level}: how Spark caches the partitioned examples, written as Spark's own
 * {@code StorageLevel} names (the trainer turns it into one with {@code StorageLevel.fromString(name())}).
 */
public enum CacheLevel implements ConfigChoice {
    MEMORY_ONLY,
    MEMORY_AND_DISK,
    MEMORY_ONLY_SER,
    MEMORY_AND_DISK_SER,
    DISK_ONLY;

    @Override
    public String text() {
        return name();
    }
}
