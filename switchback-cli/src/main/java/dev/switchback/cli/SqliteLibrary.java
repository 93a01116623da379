package dev.switchback.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, copied out of the jar once into a folder the launcher names
 * ({@code -Dswitchback.sqlite-library=DIR}, one per jar build) rather than at every start. Left to itself the
 * driver writes a new copy into the temporary folder on each start, reads it back to compare, lists that folder to
 * clean up, and runs {@code uname} to tell Android from Linux: about 70 ms of each start to the first token
 * (docs/performance.md#bench-history). The copy is written beside its final name and moved there in one step, so
 * no process ever loads half a file; when the folder cannot be written, the driver's own way is left in place.
 */
final class SqliteLibrary {
    /** The system property the launcher sets; unset (tests, an embedded server) changes nothing. */
    static final String FOLDER_PROPERTY = "switchback.sqlite-library";

    private SqliteLibrary() {}

    /** Points the driver at the copy in {@code folder}, making it first when there is none. */
    static void useFolder(Path folder) {
        String name = LibraryLoaderUtil.getNativeLibName();
        Path library = folder.resolve(name);
        try {
            if (!Files.isRegularFile(library)) {
                copyOut(library);
            }
        } catch (IOException | RuntimeException e) {
            return; // the driver extracts it as usual
        }
        System.setProperty("org.sqlite.lib.path", folder.toString());
        System.setProperty("org.sqlite.lib.name", name);
    }

    private static void copyOut(Path library) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + library.getFileName();
        Files.createDirectories(library.getParent());
        // This process's own partial file (two first starts may copy at once), readable as the jar is.
        Path partial = library.resolveSibling(
                library.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " in the jar");
            }
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
