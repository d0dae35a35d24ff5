package dev.rooremote.testsupport.roo;

import dev.rooremote.testsupport.data.RealRooPackage;
import dev.rooremote.testsupport.data.TestFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One instance of the real Roo Code extension, headless ({@link RealRooPackage}): Roo's own bundle in
 * a Node host with a scripted model on loopback whose behaviour the prompt picks ("followup", "write",
 * "command", "long", "slow", ...). It serves Roo's IPC on its own Unix socket, in the {@code none}
 * webview mode of a VS Code whose sidebar was never opened.
 *
 * <p>As a JUnit 5 extension ({@code @RegisterExtension static RealRoo roo = RealRoo.instance();}) it
 * starts before the class's tests and stops after them, and skips the class, saying why, when the
 * package is absent. Tests that use it carry the tag {@value #TAG} and a class name ending in
 * {@code RealRooTest}.
 */
public final class RealRoo implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    /** The JUnit tag of the tests that run the real extension. */
    public static final String TAG = "real-roo";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final List<String> extraArguments;
    private Path dir;
    private Process process;

    private RealRoo(List<String> extraArguments) {
        this.extraArguments = List.copyOf(extraArguments);
    }

    /** An instance with Roo's defaults: nothing auto-approved. */
    public static RealRoo instance() {
        return new RealRoo(List.of());
    }

    /** An instance started with the launcher's extra options, e.g. {@code "--auto-approve"}. */
    public static RealRoo withOptions(String... options) {
        return new RealRoo(List.of(options));
    }

    /** Skips the calling test, saying why, when the real Roo package is not beside the repository. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(
                RealRooPackage.find().isPresent(),
                () -> "skipped: the real Roo package is absent; " + RealRooPackage.whereLooked());
    }

    /**
     * The command line that starts a real Roo for the relay's {@code --launch}: the relay's own
     * {@code {workspace}} and {@code {socket}} placeholders, logs under {@code logDir}.
     */
    public static String launchTemplate(Path logDir) {
        return quote(RealRooHome.get().resolve("bin").resolve("start-roo").toString())
                + " {workspace} {socket} --webview none --log-dir " + quote(logDir.toString());
    }

    /** Starts Roo and waits for its {@code ready} line. Calling it on a running instance does nothing. */
    public synchronized RealRoo start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        assumeAvailable();
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("rr");
            }
            Path logs = Files.createDirectories(dir.resolve("log"));
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            List<String> command = new ArrayList<>(List.of(
                    RealRooHome.get().resolve("bin").resolve("start-roo").toString(),
                    workspace().toString(),
                    socket().toString(),
                    "--webview",
                    "none",
                    "--log-dir",
                    logs.toString(),
                    "--storage-dir",
                    dir.resolve("storage").toString()));
            command.addAll(extraArguments);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(
                            logs.resolve("launcher.log").toFile()));
            // Roo appends every message to $TMPDIR/roo-code-messages.log: one per instance
            builder.environment().put("TMPDIR", tmp.toString());
            process = builder.start();
            awaitReady(process);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the real Roo: " + e.getMessage(), e);
        }
    }

    private void awaitReady(Process started) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8));
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String ready;
        try {
            ready = line.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            ready = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready = null;
        } catch (ExecutionException e) {
            ready = null;
        }
        if (ready == null || !ready.startsWith("ready ")) {
            started.destroyForcibly();
            throw new IllegalStateException("the real Roo did not start within " + READY_TIMEOUT + "; its log:\n"
                    + tail(logDir().resolve("launcher.log")) + "\n" + tail(logDir().resolve("roo.log")));
        }
    }

    /** The workspace Roo works in (files it writes appear here). */
    public Path workspace() {
        return started().resolve("ws");
    }

    /** Roo's IPC socket. */
    public Path socket() {
        return started().resolve("roo.sock");
    }

    /** The launcher's, Roo's and the model's logs. */
    public Path logDir() {
        return started().resolve("log");
    }

    /** Kills Roo at once (SIGKILL), as a crash would; {@link #start()} starts it again on the same socket. */
    public synchronized void kill() {
        if (process != null) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
    }

    /** Stops Roo cleanly (SIGTERM), then removes its folder. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            if (!waitFor(process)) {
                kill();
            }
            process = null;
        }
        if (dir != null) {
            TestFiles.deleteTree(dir);
            dir = null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private Path started() {
        if (dir == null) {
            throw new IllegalStateException("the real Roo has not been started");
        }
        return dir;
    }

    private static boolean waitFor(Process p) {
        try {
            return p.waitFor(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no " + file.getFileName() + ")";
        }
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
