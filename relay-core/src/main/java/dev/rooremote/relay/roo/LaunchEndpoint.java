package dev.rooremote.relay.roo;

import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.relay.bridge.BridgeLink;
import dev.rooremote.relay.bridge.BridgeSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>The session's bridge (roo-remote-bridge) comes with it: {@code ROO_REMOTE_BRIDGE_SOCKET} (beside
 * Roo's socket) and {@code ROO_REMOTE_BRIDGE_SECRET} (fresh for each relay run) are set as well. The
 * template may name {@code {bridgeVsix}} (the extension's file), {@code {extensionsDir}} (the session's
 * own extensions folder) and {@code {bridgeSocket}}. A template that runs VS Code's {@code code} with
 * {@code {extensionsDir}} and does not name {@code {bridgeVsix}} gets the bridge installed into that
 * folder first ({@code code --extensions-dir DIR --install-extension VSIX}), and Roo Code as well when
 * the folder lacks it.
 */
public final class LaunchEndpoint extends RooEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(LaunchEndpoint.class);
    public static final String SOCKET_VARIABLE = "ROO_CODE_IPC_SOCKET_PATH";
    public static final String BRIDGE_SOCKET_VARIABLE = "ROO_REMOTE_BRIDGE_SOCKET";
    public static final String BRIDGE_SECRET_VARIABLE = "ROO_REMOTE_BRIDGE_SECRET";

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
    /** A launch that stayed connected this long resets the restart delay. */
    private static final Duration STABLE = Duration.ofSeconds(30);

    private final Path workspace;
    /** Installed beside the bridge when the extensions folder lacks it; null for none. */
    private final String rooExtension;

    private final CommandTemplate command;
    private final Path userDataDir;
    private final Path logFile;
    private final Path extensionsDir;
    private final BridgeLink.Address bridge;
    private final Path bridgeVsix;
    private boolean extensionsInstalled;
    private final Duration relaunchInitial;
    private final Duration relaunchMax;
    private Duration relaunchDelay;
    private volatile Process process;
    private Instant launchedAt;
    private volatile int launches;
    /** Whether the current launch has been connected: until then the session shows as launching. */
    private volatile boolean connectedOnce;

    /**
     * @param sessionDir the session's own folder in the data dir (user data dir, extensions and log file go
     *     there)
     * @param bridgeVsix the bridge extension to install, or null when the relay was built without it
     */
    public LaunchEndpoint(
            String sessionId,
            Path socket,
            Path sessionDir,
            Path workspace,
            String commandTemplate,
            Path bridgeVsix,
            String rooExtension,
            Duration relaunchInitial,
            Duration relaunchMax,
            Backoff backoff,
            LongAdder bytesReceived) {
        super(sessionId, socket, backoff, bytesReceived);
        this.workspace = workspace.toAbsolutePath();
        this.command = new CommandTemplate(commandTemplate);
        this.userDataDir = sessionDir.resolve("vscode-user").toAbsolutePath();
        this.logFile = sessionDir.resolve("vscode.log").toAbsolutePath();
        this.extensionsDir = sessionDir.resolve("extensions").toAbsolutePath();
        this.bridge = new BridgeLink.Address(bridgeSocketBeside(socket.toAbsolutePath()), BridgeSecrets.random());
        this.bridgeVsix = bridgeVsix == null ? null : bridgeVsix.toAbsolutePath();
        this.rooExtension = rooExtension;
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

    /** The session's own VS Code extensions folder ({@code {extensionsDir}}). */
    public Path extensionsDir() {
        return extensionsDir;
    }

    @Override
    public Optional<BridgeLink.Address> bridge() {
        return Optional.of(bridge);
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

    private void launch() throws IOException, InterruptedException {
        privateDirectory(socket.toAbsolutePath().getParent());
        Files.createDirectories(userDataDir);
        Files.createDirectories(logFile.getParent());
        Files.deleteIfExists(socket);
        Files.deleteIfExists(bridge.socket());
        Files.createDirectories(extensionsDir);
        Map<String, String> values = new HashMap<>(Map.of(
                "userDataDir", userDataDir.toString(),
                "workspace", workspace.toString(),
                "socket", socket.toAbsolutePath().toString(),
                "extensionsDir", extensionsDir.toString(),
                "bridgeSocket", bridge.socket().toString()));
        if (bridgeVsix != null) {
            values.put("bridgeVsix", bridgeVsix.toString());
        } else if (command.uses("bridgeVsix")) {
            throw new IOException("the launch command names {bridgeVsix}, but this relay was built without the"
                    + " bridge extension (roo-remote-bridge.vsix)");
        }
        installExtensions();
        List<String> argv = command.expand(values);
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
        builder.environment().put(BRIDGE_SOCKET_VARIABLE, bridge.socket().toString());
        builder.environment().put(BRIDGE_SECRET_VARIABLE, bridge.secret());
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

    /**
     * Installs the bridge (and Roo Code, if missing) into the session's extensions folder with VS Code's own
     * command line, once per relay run, when the template runs VS Code with {@code {extensionsDir}} and does
     * not load the bridge itself through {@code {bridgeVsix}}.
     */
    private void installExtensions() throws IOException, InterruptedException {
        Optional<String> cli = command.vsCodeCli();
        if (extensionsInstalled
                || bridgeVsix == null
                || cli.isEmpty()
                || !command.uses("extensionsDir")
                || command.uses("bridgeVsix")) {
            return;
        }
        List<String> argv = new ArrayList<>(List.of(
                cli.get(), "--extensions-dir", extensionsDir.toString(), "--install-extension", bridgeVsix.toString()));
        if (rooExtension != null && !hasExtension(rooExtension)) {
            argv.addAll(List.of("--install-extension", rooExtension));
        }
        argv.add("--force");
        Files.writeString(
                logFile,
                "=== " + Instant.now() + " installing: " + String.join(" ", argv) + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        publish(ConnectionStatus.LAUNCHING, "installing roo-remote-bridge into " + extensionsDir);
        Process install = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        if (!install.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            stopTree(install.toHandle());
            throw new IOException(
                    "installing the extensions took over " + INSTALL_TIMEOUT.toMinutes() + " minutes; see " + logFile);
        }
        if (install.exitValue() != 0) {
            throw new IOException("installing the extensions into " + extensionsDir + " failed (exit "
                    + install.exitValue() + "); see " + logFile);
        }
        extensionsInstalled = true;
    }

    /** Whether the session's extensions folder holds {@code id} (VS Code names its folder id-version). */
    private boolean hasExtension(String id) throws IOException {
        String prefix = id.toLowerCase(Locale.ROOT) + "-";
        try (var entries = Files.list(extensionsDir)) {
            return entries.anyMatch(
                    p -> p.getFileName().toString().toLowerCase(Locale.ROOT).startsWith(prefix));
        }
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
