package dev.rooremote.agent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * roo-agent's command line run in the test's JVM: what a shell gives it (arguments, environment,
 * standard input) and what it gives back (exit code, standard output and error), without a JVM start
 * per call. {@link AgentProcess} runs it as a real process where that matters.
 */
final class InProcessAgent {

    /** A command started with {@link #start}: its output so far, and its result once it ends. */
    record Running(ByteArrayOutputStream out, CompletableFuture<AgentProcess.Result> result) {
        List<String> lines() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8).lines().toList();
            }
        }
    }

    private final Map<String, String> env = new HashMap<>();

    InProcessAgent env(String name, String value) {
        env.put(name, value);
        return this;
    }

    AgentProcess.Result run(String... args) {
        return runWithInput("", args);
    }

    AgentProcess.Result runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return execute(stdin, out, args);
    }

    Running start(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return new Running(out, CompletableFuture.supplyAsync(() -> execute("", out, args)));
    }

    private AgentProcess.Result execute(String stdin, ByteArrayOutputStream out, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = RooAgent.execute(
                    args,
                    Map.copyOf(env),
                    o,
                    e,
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                    null);
        }
        return new AgentProcess.Result(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
