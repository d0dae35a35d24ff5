package dev.rooremote.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the commands the package tests use, as an operator would type them. */
final class Commands {

    private Commands() {}

    record Result(int exit, String output) {}

    /** Runs a command (stdout and stderr together), with {@code input} on its stdin when not null. */
    static Result run(Map<String, String> env, String input, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish: " + String.join(" ", command) + "\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    /** Runs a command, fails the test unless it exits 0, and returns its output. */
    static String ok(Map<String, String> env, String... command) throws IOException, InterruptedException {
        Result result = run(env, null, List.of(command));
        assertThat(result.exit())
                .as(String.join(" ", command) + "\n" + result.output())
                .isZero();
        return result.output();
    }

    /** Whether {@code name} is a program on the PATH. */
    static boolean onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, name)));
    }

    static boolean isRoot() throws IOException, InterruptedException {
        return run(Map.of(), null, List.of("id", "-u")).output().strip().equals("0");
    }

    /** The one file in the build's jpackage folder whose name ends with {@code suffix}, or null. */
    static Path built(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("console.packages")))) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .findFirst()
                    .orElse(null);
        }
    }
}
