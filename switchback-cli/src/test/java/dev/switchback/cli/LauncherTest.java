package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.HttpTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./switchback serve} as a user starts it, on a copy of the runnable jar (so the class-data archive it
 * makes is the copy's, in a cds/ folder of its own): the launcher's choice of archive options, and when it adopts
 * an archive a serve wrote as it exited (the README's class-data archive). It needs the jar, so failsafe runs it
 * after the package phase.
 */
@HttpTest
class LauncherTest {
    private static final Path LAUNCHER =
            Path.of("..", "switchback").toAbsolutePath().normalize();
    private static final Path BUILT = Path.of("target", "switchback.jar").toAbsolutePath();
    /** Not a timing margin: how long a serve that never says it listens is waited for before the test fails. */
    private static final Duration HUNG = Duration.ofMinutes(5);

    @TempDir
    Path directory;

    private Path jar;
    private Path cds;

    @BeforeEach
    void copyTheJar() throws IOException {
        jar = Files.createDirectories(directory.resolve("app")).resolve("switchback.jar");
        Files.copy(BUILT, jar);
        cds = jar.resolveSibling("cds");
    }

    @Test
    void aFirstServe_withClassSharingTurnedOff_startsAndMakesNoArchive() throws Exception {
        Serve first = serve(jar.toString(), "-Xshare:off");

        assertThat(first.listened()).as(first.err()).isTrue();
        assertThat(cdsFiles()).noneMatch(name -> name.contains(".jsa"));
    }

    @Test
    void aServe_bindsLoggingToTheProviderMainNames_withoutAWordFromSlf4j() throws Exception {
        Serve quiet = serve(jar.toString(), null);
        // SLF4J's notes at its default verbosity, which Main turns down: the provider it was told to make
        Serve told = serve(jar.toString(), "-Dslf4j.internal.verbosity=INFO");

        assertThat(quiet.listened()).as(quiet.err()).isTrue();
        assertThat(quiet.err()).doesNotContain("SLF4J");
        assertThat(told.listened()).as(told.err()).isTrue();
        assertThat(told.err())
                .contains("Attempting to load provider \"" + CliLogProvider.class.getName() + "\"")
                .doesNotContain("SLF4J(W)")
                .doesNotContain("SLF4J(E)");
    }

    @Test
    void aFirstServe_withClassSharingTurnedOffWhereTheLauncherDoesNotLook_starts() throws Exception {
        Path arguments = Files.writeString(directory.resolve("jvm.options"), "-Xshare:off\n");

        Serve fromAFile = serve(jar.toString(), "@" + arguments);
        Serve fromTheEnvironment = serve(directory, jar.toString(), null, Map.of("_JAVA_OPTIONS", "-Xshare:off"));

        assertThat(fromAFile.listened()).as(fromAFile.err()).isTrue();
        assertThat(fromTheEnvironment.listened()).as(fromTheEnvironment.err()).isTrue();
    }

    @Test
    void aFirstServe_onAJvmThatCannotMapTheJdksOwnArchive_starts() throws Exception {
        // Without compressed class pointers Java 17 maps no JDK archive, and a dynamic archive needs one below it.
        Serve first = serve(jar.toString(), "-XX:-UseCompressedClassPointers");

        assertThat(first.listened()).as(first.err()).isTrue();
    }

    @Test
    void aServeThatStopsBeforeListening_leavesNoArchiveThatALaterServeAdopts() throws Exception {
        Serve refused = serve(jar.toString(), null, "--port", "not-a-port");
        Serve second = serve(jar.toString(), null);

        assertThat(refused.listened()).isFalse();
        assertThat(refused.exitCode()).isNotZero();
        assertThat(second.listened()).as(second.err()).isTrue();
        assertThat(second.archivesWhileServing())
                .as("the partial archive of a serve that never listened is not adopted")
                .isEmpty();

        Serve third = serve(jar.toString(), null);

        assertThat(third.listened()).as(third.err()).isTrue();
        assertThat(third.archivesWhileServing())
                .as("the second serve's archive, adopted by the third")
                .hasSize(1);
    }

    @Test
    void anArchiveMadeUnderTheUsersJavaOptions_isAdoptedUnderThem_andServesWithSharingRequired() throws Exception {
        // A heap this large turns compressed object pointers off: an archive made so maps only so.
        String options = "-XX:+UseSerialGC -Xms16m -Xmx40g";
        Serve first = serve(jar.toString(), options);
        Serve second = serve(jar.toString(), options);
        Serve third = serve(jar.toString(), options + " -Xshare:on");

        assertThat(first.listened()).as(first.err()).isTrue();
        assertThat(second.archivesWhileServing()).hasSize(1);
        assertThat(third.listened())
                .as("-Xshare:on stops a JVM that cannot map it: " + third.err())
                .isTrue();
        assertThat(archiveFiles()).as("the third serve makes no other").isEqualTo(second.archivesWhileServing());
    }

    @Test
    void anArchiveMadeUnderOtherOptions_isNotGivenToAServeThatRequiresSharing() throws Exception {
        Serve first = serve(jar.toString(), null);
        Serve second = serve(jar.toString(), null);
        Serve third = serve(jar.toString(), "-XX:+UseSerialGC -Xms16m -Xmx40g -Xshare:on");

        assertThat(second.archivesWhileServing()).hasSize(1);
        assertThat(third.listened())
                .as("the footprint's archive does not map without compressed pointers: " + third.err())
                .isTrue();
        assertThat(first.listened()).isTrue();
    }

    @Test
    void aJarNamedByARelativePath_getsAnArchiveThatServesFromAnotherFolder() throws Exception {
        Path elsewhere = Files.createDirectories(directory.resolve("elsewhere/deeper"));
        Serve first = serve(directory, "app/switchback.jar", null);
        Serve second = serve(directory, "app/switchback.jar", null);
        // _JAVA_OPTIONS comes after the launcher's -Xshare:auto: the JVM stops if it cannot map the archive.
        Serve third = serve(elsewhere, "../../app/switchback.jar", null, Map.of("_JAVA_OPTIONS", "-Xshare:on"));

        assertThat(first.listened()).as(first.err()).isTrue();
        assertThat(second.archivesWhileServing()).hasSize(1);
        assertThat(third.listened())
                .as("-Xshare:on stops a JVM that cannot map it: " + third.err())
                .isTrue();
    }

    @Test
    void aPartialArchiveNamedForTheLaunchersOwnProcessId_isAnEarlierProcesss_andIsAdopted() throws Exception {
        // In a container every start is process 1: what a stopped start left under its id is the next one's id.
        Serve first = serve(jar.toString(), null);
        assertThat(first.listened()).as(first.err()).isTrue();
        String renameToOwnId =
                "for f in \"$0\"/*.tmp; do p=\"${f%.tmp}\"; mv \"$f\" \"${p%.*}.$$.tmp\"; done; exec \"$@\"";

        Serve second =
                serve(directory, jar.toString(), null, Map.of(), List.of("bash", "-c", renameToOwnId, cds.toString()));

        assertThat(second.listened()).as(second.err()).isTrue();
        assertThat(second.archivesWhileServing()).hasSize(1);
    }

    private Serve serve(String jarSetting, String javaOptions, String... args) throws Exception {
        return serve(directory, jarSetting, javaOptions, Map.of(), List.of(), args);
    }

    private Serve serve(Path folder, String jarSetting, String javaOptions) throws Exception {
        return serve(folder, jarSetting, javaOptions, Map.of(), List.of());
    }

    private Serve serve(Path folder, String jarSetting, String javaOptions, Map<String, String> environment)
            throws Exception {
        return serve(folder, jarSetting, javaOptions, environment, List.of());
    }

    /**
     * Runs {@code ./switchback serve} on a new database (after {@code prefix}, which ends by running its arguments),
     * waits until it says it listens or exits, notes the archives in cds/, and stops it with SIGTERM, after which
     * a first serve has written its archive.
     */
    private Serve serve(
            Path folder,
            String jarSetting,
            String javaOptions,
            Map<String, String> environment,
            List<String> prefix,
            String... args)
            throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("bash", LAUNCHER.toString(), "serve", "--no-demo"));
        command.addAll(List.of(
                "--database-url",
                Files.createTempFile(directory, "serve", ".db").toString()));
        command.addAll(args.length > 0 ? List.of(args) : List.of("--port", "0"));
        Path out = Files.createTempFile(directory, "serve", ".out");
        Path err = Files.createTempFile(directory, "serve", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment()
                .keySet()
                .removeAll(List.of(
                        "SWITCHBACK_JAVA_OPTS",
                        "SWITCHBACK_CDS",
                        "JAVA_TOOL_OPTIONS",
                        "_JAVA_OPTIONS",
                        "JDK_JAVA_OPTIONS"));
        builder.environment().put("SWITCHBACK_JAR", jarSetting);
        if (javaOptions != null) {
            builder.environment().put("SWITCHBACK_JAVA_OPTS", javaOptions);
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        Instant giveUp = Instant.now().plus(HUNG);
        boolean listened = false;
        while (process.isAlive() && !listened && Instant.now().isBefore(giveUp)) {
            Thread.sleep(50);
            listened = Files.readString(out, StandardCharsets.UTF_8).contains("listening on");
        }
        Set<String> archives = archiveFiles();
        process.destroy();
        int exitCode = process.waitFor();
        return new Serve(listened, exitCode, archives, Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The archives in cds/ (not the partial ones, {@code <archive>.<pid>.tmp}, nor the native library). */
    private Set<String> archiveFiles() throws IOException {
        Set<String> names = cdsFiles();
        names.removeIf(name -> !name.endsWith(".jsa"));
        return names;
    }

    private Set<String> cdsFiles() throws IOException {
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(cds)) {
            try (Stream<Path> files = Files.list(cds)) {
                files.forEach(file -> names.add(file.getFileName().toString()));
            }
        }
        return names;
    }

    private record Serve(boolean listened, int exitCode, Set<String> archivesWhileServing, String err) {}
}
