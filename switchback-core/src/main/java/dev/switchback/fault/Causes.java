package dev.switchback.fault;

/** What a person can act on in a chain of exceptions: the innermost cause's message. */
public final class Causes {
    private Causes() {}

    /** The innermost cause's message (say, "Connection refused"), or its class's simple name if it has none. */
    public static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
