package dev.rooremote.relay.roo;

import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A headless VS Code the relay starts for one session: the command template runs with
 * {@code ROO_CODE_IPC_SOCKET_PATH} set to a socket in a private folder, its own {@code --user-data-dir},
 * and its output appended to a log file. When it exits the relay starts it again after a growing delay;
 * on close the whole process tree is stopped.
 */
public final class LaunchEndpoint extends RooEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(LaunchEndpoint.class);
    public static final String SOCKET_VARIABLE = "ROO_CODE_IPC_SOCKET_PATH";
    /** A launch that stayed connected this long resets the restart delay. */
    private static final Duration STABLE = Duration.ofSeconds(30);

    private final Path workspace;
    private final CommandTemplate command;
    private final Path userDataDir;
    private final Path logFile;
    private final Duration relaunchInitial;
    private final Duration relaunchMax;
    private Duration relaunchDelay;
    private volatile Process process;
    private Instant launchedAt;
    private volatile int launches;
    /** Whether the current launch has been connected: until then the session shows as launching. */
    private volatile boolean connectedOnce;

    /**
     * @param sessionDir the session's own folder in the data dir (user data dir and log file go there)
     */
    public LaunchEndpoint(
            String sessionId,
            Path socket,
            Path sessionDir,
            Path workspace,
            String commandTemplate,
            Duration relaunchInitial,
            Duration relaunchMax,
            Backoff backoff,
            LongAdder bytesReceived) {
        super(sessionId, socket, backoff, bytesReceived);
        this.workspace = workspace.toAbsolutePath();
        this.command = new CommandTemplate(commandTemplate);
        this.userDataDir = sessionDir.resolve("vscode-user").toAbsolutePath();
        this.logFile = sessionDir.resolve("vscode.log").toAbsolutePath();
        this.relaunchInitial = relaunchInitial;
        this.relaunchMax = relaunchMax;
        this.relaunchDelay = relaunchInitial;
    }

    @Override
    public EndpointKind kind() {
        return EndpointKind.LAUNCH;
    }

    public Path logFile() {
        return logFile;
    }

    public Path userDataDir() {
        return userDataDir;
    }

    /** The running VS Code (or stand-in) process, if any. */
    public Optional<ProcessHandle> process() {
        Process p = process;
        return p == null || !p.isAlive() ? Optional.empty() : Optional.of(p.toHandle());
    }

    /** How many times the command was started. */
    public int launches() {
        return launches;
    }

    @Override
    protected ConnectionStatus beforeAttempt() throws IOException, InterruptedException {
        Process p = process;
        if (p != null && !p.isAlive()) {
            process = null;
            boolean stable = launchedAt != null
                    && Duration.between(launchedAt, Instant.now()).compareTo(STABLE) > 0;
            if (stable) {
                relaunchDelay = relaunchInitial;
            }
            String detail = "VS Code exited with code " + p.exitValue() + "; restarting in " + relaunchDelay.toMillis()
                    + " ms (log: " + logFile + ")";
            publish(ConnectionStatus.DISCONNECTED, detail);
            pause(relaunchDelay);
            Duration doubled = relaunchDelay.multipliedBy(2);
            relaunchDelay = doubled.compareTo(relaunchMax) > 0 ? relaunchMax : doubled;
        }
        if (isClosed()) {
            return ConnectionStatus.LAUNCHING;
        }
        if (process == null) {
            launch();
            return ConnectionStatus.LAUNCHING;
        }
        return connectedOnce ? ConnectionStatus.CONNECTING : ConnectionStatus.LAUNCHING;
    }

    @Override
    protected void publish(ConnectionStatus newStatus, String detail) {
        if (newStatus == ConnectionStatus.CONNECTED) {
            connectedOnce = true;
        }
        super.publish(newStatus, detail);
    }

    private void launch() throws IOException {
        privateDirectory(socket.toAbsolutePath().getParent());
        Files.createDirectories(userDataDir);
        Files.createDirectories(logFile.getParent());
        Files.deleteIfExists(socket);
        List<String> argv = command.expand(Map.of(
                "userDataDir", userDataDir.toString(),
                "workspace", workspace.toString(),
                "socket", socket.toAbsolutePath().toString()));
        Files.writeString(
                logFile,
                "=== " + Instant.now() + " starting: " + String.join(" ", argv) + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (Files.isDirectory(workspace)) {
            builder.directory(workspace.toFile());
        }
        builder.environment().put(SOCKET_VARIABLE, socket.toAbsolutePath().toString());
        connectedOnce = false;
        publish(ConnectionStatus.LAUNCHING, "starting " + argv.get(0) + " (log: " + logFile + ")");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException(
                    "cannot start '" + argv.get(0) + "': " + e.getMessage()
                            + "; check --vscode-command (the command must be installed and on PATH)",
                    e);
        }
        launchedAt = Instant.now();
        launches++;
        LOG.info("session '{}': started pid {}: {}", sessionId, process.pid(), argv);
    }

    @Override
    protected void shutdown() {
        Process p = process;
        if (p == null) {
            return;
        }
        stopTree(p.toHandle());
    }

    /** Stops a process and everything it started, politely first. */
    static void stopTree(ProcessHandle root) {
        List<ProcessHandle> tree = root.descendants().toList();
        root.destroy();
        tree.forEach(ProcessHandle::destroy);
        try {
            root.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("pid {} did not stop in 5 s; killing it", root.pid());
        }
        if (root.isAlive()) {
            root.destroyForcibly();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
