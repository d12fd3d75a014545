package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code build-config/find-jdk.sh}, which {@code bin/reflow-gateway} and {@code .ci/run} source,
 * run by the real bash against JDK folders emulated by scripts that answer {@code java
 * -XshowSettings:properties -version} as a JDK of that version does.
 */
class FindJdkScriptTest {

    private static final Path SCRIPT = Path.of("..", "build-config", "find-jdk.sh");

    @TempDir Path jvms;

    @Test
    void picksTheNewestJdk21OrLaterWhenJavaHomeIsOlder() throws Exception {
        Path old = jdk("java-17-openjdk", "17");
        jdk("temurin-21-jdk", "21");
        Path newest = jdk("temurin-25-jdk", "25");
        jre("jre-26", "26");

        Result result = run(old.toString());

        assertThat(result.exitCode).isZero();
        assertThat(result.out).isEqualTo(newest + " " + newest + "/bin\n");
    }

    @Test
    void keepsJavaHomeWhenItIsJdk21OrLater() throws Exception {
        Path chosen = jdk("temurin-21-jdk", "21");
        jdk("temurin-25-jdk", "25");

        Result result = run(chosen.toString());

        assertThat(result.exitCode).isZero();
        assertThat(result.out).startsWith(chosen + " ");
    }

    @Test
    void failsNamingWhatItNeedsWhenThereIsNone() throws Exception {
        Path old = jdk("java-17-openjdk", "17");

        Result result = run(old.toString());

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.out).isEmpty();
        assertThat(result.err)
                .startsWith("no JDK 21 or newer found: JAVA_HOME is " + old)
                .contains("none is under " + jvms)
                .contains("set JAVA_HOME");
    }

    private Path jdk(String name, String version) throws IOException {
        Path home = jre(name, version);
        executable(home.resolve("bin/javac"), "#!/bin/sh\n");
        return home;
    }

    /** A runtime without javac: it cannot build the project. */
    private Path jre(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        executable(
                home.resolve("bin/java"),
                "#!/bin/sh\necho '    java.specification.version = " + version + "' >&2\n");
        return home;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Result run(String javaHome) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(
                        "bash",
                        "-c",
                        ". \"$0\" && reflow_find_jdk \"$1\" && echo \"$JAVA_HOME ${PATH%%:*}\"",
                        SCRIPT.toString(),
                        jvms.toString());
        builder.environment().put("JAVA_HOME", javaHome);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String out, String err) {}
}
