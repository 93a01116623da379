package dev.switchback.ratelimit;

/** The four counters of an app. */
public enum Bucket {
    OVERALL_15MIN("overall15"),
    OVERALL_DAILY("overallDay"),
    READ_15MIN("read15"),
    READ_DAILY("readDay");

    private final String key;

    Bucket(String key) {
        this.key = key;
    }

    /** The name stored in the database and in Redis keys. */
    public String key() {
        return key;
    }

    public static Bucket fromKey(String key) {
        for (Bucket bucket : values()) {
            if (bucket.key.equals(key)) {
                return bucket;
            }
        }
        throw new IllegalArgumentException("unknown bucket " + key);
    }
}
