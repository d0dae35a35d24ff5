package dev.rooremote.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs roo-agent as a real process (a separate JVM on the test class path), as an agent's shell would. */
final class AgentProcess {

    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private final Map<String, String> env = new HashMap<>();

    AgentProcess(Path config) {
        env.put("ROO_AGENT_CONFIG", config.toString());
    }

    AgentProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        Process process = start(args);
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "roo-agent " + String.join(" ", args) + " did not end within 90 s; stderr: " + err.getNow(""));
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RooAgent.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("ROO_RELAY_URL");
        builder.environment().remove("ROO_RELAY_TOKEN");
        builder.environment().remove("ROO_RELAY_FINGERPRINT");
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Reads a stream to its end on its own thread, so neither pipe of the process can fill up and block it. */
    static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                text.complete(bytes.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        });
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
