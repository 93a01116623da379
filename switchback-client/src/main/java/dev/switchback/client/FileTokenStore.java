package dev.switchback.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tokens in a JSON file, safe to share between the threads and the processes of one machine.
 *
 * <ul>
 *   <li><b>Atomic replace</b>: a save writes a temporary file beside the target, forces it to disk and
 *       renames it over the target ({@code ATOMIC_MOVE}), so a reader or a crash never sees half a file.</li>
 *   <li><b>Owner-only</b>: where the file system is POSIX, the file and its lock file are created
 *       {@code rw-------} and a missing directory {@code rwx------}.</li>
 *   <li><b>One refresh at a time</b>: {@link #withLock} holds an exclusive {@link FileChannel#lock() file
 *       lock} on the sibling file {@code <name>.lock} (and a lock for the threads of this JVM), so a
 *       {@link TokenManager} in each of several processes re-reads the file under it and refreshes
 *       only when the tokens there still need it.</li>
 * </ul>
 *
 * <p>Beside the tokens the file can hold a few strings of {@link #metadata()}, such as which server and
 * app the tokens belong to; a save of tokens keeps them.
 */
public final class FileTokenStore implements TokenStore {
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path file;
    private final Path lockFile;
    private final ReentrantLock jvmLock;

    /**
     * A store over {@code file}; nothing is read or created until used.
     *
     * @param file the JSON file, e.g. {@code ~/.config/myapp/tokens.json}
     */
    public FileTokenStore(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, path -> new ReentrantLock());
    }

    /** {@return the JSON file} */
    public Path file() {
        return file;
    }

    /**
     * {@inheritDoc}
     *
     * @throws UncheckedIOException when the file cannot be read or holds no valid tokens
     */
    @Override
    public Optional<Tokens> load() {
        return readJson()
                .map(json -> TokensJson.read(json)
                        .orElseThrow(() -> new UncheckedIOException(
                                new IOException("the token file " + file + " holds no valid tokens"))));
    }

    /**
     * The strings saved beside the tokens.
     *
     * @return the metadata, empty when the file does not exist or has none
     */
    public Map<String, String> metadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        readJson()
                .ifPresent(json -> json.path("metadata").properties().forEach(entry -> {
                    if (entry.getValue().isString()) {
                        metadata.put(entry.getKey(), entry.getValue().asString());
                    }
                }));
        return Collections.unmodifiableMap(metadata);
    }

    /**
     * Replaces the tokens atomically, keeping the metadata.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    @Override
    public void save(Tokens tokens) {
        save(tokens, metadata());
    }

    /**
     * Replaces the tokens and the metadata atomically.
     *
     * @param tokens   the tokens
     * @param metadata strings to keep beside them
     * @throws UncheckedIOException when the file cannot be written
     */
    public void save(Tokens tokens, Map<String, String> metadata) {
        Objects.requireNonNull(tokens, "tokens");
        ObjectNode json = Transport.JSON.createObjectNode();
        TokensJson.write(tokens, json);
        ObjectNode meta = json.putObject("metadata");
        metadata.forEach(meta::put);
        try {
            writeAtomically(Transport.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save tokens to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the file (the lock file stays: another process may be waiting on it).
     *
     * @return whether there was a file to delete
     * @throws UncheckedIOException when it cannot be deleted
     */
    public boolean delete() {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code action} holding this JVM's lock for the file and an exclusive file lock on
     * {@code <name>.lock}, waiting for another process that holds it. Re-entrant within a thread.
     *
     * @throws UncheckedIOException when the lock file cannot be created or locked
     */
    @Override
    public <T> T withLock(Supplier<T> action) {
        jvmLock.lock();
        try {
            if (jvmLock.getHoldCount() > 1) {
                return action.get();
            }
            createDirectory();
            try (FileChannel channel = FileChannel.open(
                    lockFile,
                    EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    ownerOnly("rw-------"))) {
                channel.lock(); // released when the channel closes
                return action.get();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
            }
        } finally {
            jvmLock.unlock();
        }
    }

    private Optional<JsonNode> readJson() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode json = Transport.JSON.readTree(bytes);
            if (json == null || !json.isObject()) {
                throw new IOException("not a JSON object");
            }
            return Optional.of(json);
        } catch (IOException e) {
            throw notJson(e);
        } catch (JacksonException e) {
            throw notJson(new IOException(e.getOriginalMessage(), e));
        }
    }

    private UncheckedIOException notJson(IOException cause) {
        return new UncheckedIOException(
                "the token file " + file + " is not valid JSON; delete it and authorize again", cause);
    }

    private void writeAtomically(byte[] bytes) throws IOException {
        createDirectory();
        Path temp =
                Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp", ownerOnly("rw-------"));
        try {
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Makes the rename itself durable where the platform allows opening a directory; best effort. */
    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported here (e.g. Windows); the rename is still atomic
        }
    }

    private void createDirectory() {
        Path directory = file.getParent();
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory, ownerOnly("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory + ": " + e.getMessage(), e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return POSIX
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
                }
                : new FileAttribute<?>[0];
    }
}
