package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

@UnitTest
class SqliteLibraryTest {
    private static final String PATH = "org.sqlite.lib.path";
    private static final String NAME = "org.sqlite.lib.name";

    @TempDir
    Path directory;

    private String savedPath;
    private String savedName;

    @BeforeEach
    void saveProperties() {
        savedPath = System.getProperty(PATH);
        savedName = System.getProperty(NAME);
        System.clearProperty(PATH);
        System.clearProperty(NAME);
    }

    @AfterEach
    void restoreProperties() {
        restore(PATH, savedPath);
        restore(NAME, savedName);
    }

    @Test
    void firstStart_copiesTheDriversLibraryOutOfTheJar_andPointsTheDriverAtTheCopy() throws IOException {
        Path folder = directory.resolve("cds").resolve("switchback-serve-1.native");

        SqliteLibrary.useFolder(folder);

        String name = LibraryLoaderUtil.getNativeLibName();
        assertThat(System.getProperty(PATH)).isEqualTo(folder.toString());
        assertThat(System.getProperty(NAME)).isEqualTo(name);
        assertThat(Files.readAllBytes(folder.resolve(name))).isEqualTo(resource(name));
        try (var files = Files.list(folder)) {
            assertThat(files).as("no partial copy left behind").containsExactly(folder.resolve(name));
        }
    }

    @Test
    void laterStart_usesTheCopyAsItIs() throws IOException {
        Path folder = directory.resolve("native");
        SqliteLibrary.useFolder(folder);
        Path copy = folder.resolve(LibraryLoaderUtil.getNativeLibName());
        FileTime written = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(copy, written);

        SqliteLibrary.useFolder(folder);

        assertThat(Files.getLastModifiedTime(copy)).isEqualTo(written);
        assertThat(System.getProperty(PATH)).isEqualTo(folder.toString());
    }

    @Test
    void folderThatCannotBeMade_leavesTheDriverToItsOwnWay() throws IOException {
        Path file = Files.writeString(directory.resolve("a-file"), "not a folder");

        SqliteLibrary.useFolder(file.resolve("native"));

        assertThat(System.getProperty(PATH)).isNull();
        assertThat(System.getProperty(NAME)).isNull();
    }

    private static byte[] resource(String name) throws IOException {
        String path = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
