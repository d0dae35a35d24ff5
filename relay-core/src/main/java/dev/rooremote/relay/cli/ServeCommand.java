package dev.rooremote.relay.cli;

import dev.rooremote.relay.bridge.BridgeLink;
import dev.rooremote.relay.bridge.BridgeSecrets;
import dev.rooremote.relay.push.PushContact;
import dev.rooremote.relay.server.Limits;
import dev.rooremote.relay.server.RelayRuntime;
import dev.rooremote.relay.server.RelayVersion;
import dev.rooremote.relay.session.SessionConfig;
import dev.rooremote.relay.session.SessionManager;
import dev.rooremote.relay.session.SessionOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the relay: connects to Roo sessions and serves them over WSS (TLS + JWT) until stopped"
                    + " (Ctrl+C or SIGTERM).",
            "Sessions: --demo N built-in demo Roos (demo-1 ... demo-N), --attach NAME=SOCKET for a Roo"
                    + " IPC socket of a running VS Code, --launch NAME=WORKSPACE for a headless VS Code the relay"
                    + " starts and supervises."
        },
        footerHeading = ExitCodes.HEADING,
        footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
final class ServeCommand extends DataDirCommand {
    private static volatile boolean served;

    @Option(
            names = "--bind",
            defaultValue = "0.0.0.0",
            paramLabel = "ADDR",
            description = "Address to listen on (default ${DEFAULT-VALUE}: every interface).")
    String bind;

    @Option(names = "--port", defaultValue = "8443", paramLabel = "N", description = "Port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--attach",
            paramLabel = "NAME=SOCKET",
            description = "A session on an existing Roo IPC socket (VS Code started with ROO_CODE_IPC_SOCKET_PATH)."
                    + " Repeatable.")
    Map<String, Path> attach = new LinkedHashMap<>();

    @Option(
            names = "--bridge-socket",
            paramLabel = "NAME=SOCKET",
            description = "The socket of the roo-remote-bridge extension in the VS Code of --attach session NAME"
                    + " (its ROO_REMOTE_BRIDGE_SOCKET); lets the session approve asks. Needs --bridge-secret-file."
                    + " Repeatable.")
    Map<String, Path> bridgeSocket = new LinkedHashMap<>();

    @Option(
            names = "--bridge-secret-file",
            paramLabel = "NAME=FILE",
            description = "The file holding the secret of --attach session NAME's bridge (its"
                    + " ROO_REMOTE_BRIDGE_SECRET, on the first line). Repeatable.")
    Map<String, Path> bridgeSecretFile = new LinkedHashMap<>();

    @Option(
            names = "--launch",
            paramLabel = "NAME=WORKSPACE",
            description = "A session on a headless VS Code the relay starts for WORKSPACE. Repeatable.")
    Map<String, Path> launch = new LinkedHashMap<>();

    @Option(
            names = "--vscode-command",
            paramLabel = "TEMPLATE",
            description = "The command line for --launch sessions; {userDataDir}, {workspace}, {socket},"
                    + " {extensionsDir} (the session's own extensions folder), {bridgeVsix} (the bridge extension's"
                    + " file) and {bridgeSocket} are replaced. A VS Code 'code' command with {extensionsDir} and"
                    + " without {bridgeVsix} gets the bridge (and Roo Code, if missing) installed there first."
                    + " Default: " + SessionConfig.DEFAULT_LAUNCH_COMMAND)
    String vscodeCommand;

    @Option(
            names = "--roo-extension",
            paramLabel = "ID",
            description = "The Roo-family extension installed with the bridge into each --launch session's own"
                    + " extensions folder when it lacks it: a marketplace id (ZooCodeOrganization.zoo-code for Zoo"
                    + " Code), or 'none' when the VS Code already has one. Default: "
                    + SessionConfig.ROO_EXTENSION)
    String rooExtension;

    @Option(names = "--demo", defaultValue = "0", paramLabel = "N", description = "Built-in demo sessions to run.")
    int demo;

    @Option(
            names = "--plain",
            description = "Serve plain HTTP/WS without TLS: only on a loopback --bind, for development and tests.")
    boolean plain;

    @Option(
            names = "--tls-keystore",
            paramLabel = "FILE",
            description = "Your own PKCS#12 keystore (key + certificate).")
    Path tlsKeystore;

    @Option(
            names = "--tls-password-file",
            paramLabel = "FILE",
            description = "The file holding the keystore's password.")
    Path tlsPasswordFile;

    @Option(
            names = "--tls-cert",
            paramLabel = "CHAIN.pem",
            description =
                    "Your own certificate as PEM: the server's certificate, then its intermediates (e.g."
                            + " fullchain.pem). Needs --tls-key. Both files are read again when they change, without a restart.")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "KEY.pem",
            description = "The private key of --tls-cert as PEM (PKCS#8, RSA or EC), unencrypted.")
    Path tlsKey;

    @Option(
            names = "--stream-interval",
            defaultValue = "250",
            paramLabel = "MS",
            description = "Least time between two updates of a streaming message sent to clients (default"
                    + " ${DEFAULT-VALUE}; 0 sends every update Roo makes, about 25 a second).")
    long streamIntervalMillis;

    @Option(
            names = "--relay-name",
            paramLabel = "NAME",
            description = "This relay's name: in the audit trail, in health, and (with a shared --database) what"
                    + " its sessions are kept under, so give every relay of a fleet its own (default: the host's"
                    + " name).")
    String relayName;

    @Option(
            names = "--push-contact",
            paramLabel = "URI",
            description = "Where push services can reach this relay's operator, in every push it sends:"
                    + " mailto:ADDRESS or an https: page (default " + PushContact.DEFAULT + ", which reaches"
                    + " nobody).")
    String pushContact;

    /** True once a serve command ran until it was stopped (the JVM is then shutting down already). */
    static boolean servedUntilStopped() {
        return served;
    }

    @Override
    public Integer call() throws Exception {
        List<SessionConfig> sessions = sessions();
        SessionOptions sessionOptions = SessionOptions.defaults().withStreamInterval(streamInterval());
        RelayRuntime.Options options = new RelayRuntime.Options(
                        data.dataDir, bind, port, plain, tlsKeystore, tlsPasswordFile, Limits.defaults(), null, null)
                .withPem(tlsCert, tlsKey)
                .withStore(data.store(relayName))
                .withPushContact(pushContact);
        long begin = System.nanoTime();
        RelayRuntime relay = RelayRuntime.start(options, (log, settings, dir, metrics) -> {
            SessionManager manager = new SessionManager(log, settings, dir, sessions, sessionOptions);
            metrics.ipcBytesSource(manager::ipcBytesReceived);
            return manager;
        });
        long startedMillis = (System.nanoTime() - begin) / 1_000_000;
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable stop = () -> {
            if (closing.compareAndSet(false, true)) {
                try {
                    relay.close();
                } finally {
                    stopped.countDown();
                }
            }
        };
        PlannedStop.onSignals(stop);
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "relay-shutdown"));

        PrintWriter out = spec.commandLine().getOut();
        out.println("roo-relay " + RelayVersion.get() + " is serving " + sessions.size() + " session"
                + (sessions.size() == 1 ? "" : "s") + ": "
                + String.join(", ", sessions.stream().map(SessionConfig::name).toList()) + " (started in "
                + startedMillis + " ms)");
        out.println("  URL          " + relay.url());
        if (relay.fingerprint() != null) {
            out.println("  Fingerprint  SHA-256 " + relay.fingerprint() + "  (clients pin this)");
            if (tlsCert != null) {
                out.println("  Certificate  " + tlsCert + " (read again when it changes)");
            }
        } else {
            out.println("  TLS          off (--plain, loopback only)");
        }
        out.println("  Data dir     " + relay.dataDir());
        out.println("  Store        " + options.store().describe(relay.dataDir()) + " (relay '"
                + options.store().relayName() + "')");
        out.println("  Push contact " + options.pushContact()
                + (pushContact == null ? "  (give yours with --push-contact before phones subscribe)" : ""));
        if (relay.auth().users().count() == 0) {
            out.println();
            out.println("There are no users yet. Create an admin (the relay can keep running):");
            out.println("  roo-relay user add admin --role admin --password-stdin --data-dir " + relay.dataDir());
            out.println("  (type the password, at least 8 characters, and press Enter)");
        }
        out.println("Stop with Ctrl+C.");
        out.flush();
        served = true;
        stopped.await();
        return 0;
    }

    private List<SessionConfig> sessions() {
        if (demo < 0 || demo > 100) {
            throw new UsageException("--demo " + demo + " is out of range: use 0 to 100");
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("--port " + port + " is out of range: use 1 to 65535");
        }
        List<SessionConfig> sessions = new ArrayList<>();
        for (int i = 1; i <= demo; i++) {
            sessions.add(new SessionConfig.Demo("demo-" + i));
        }
        try {
            for (Map.Entry<String, Path> a : attach.entrySet()) {
                sessions.add(new SessionConfig.Attach(a.getKey(), a.getValue(), attachedBridge(a.getKey())));
            }
            String extension = rooExtension == null
                    ? SessionConfig.ROO_EXTENSION
                    : "none".equals(rooExtension) ? null : rooExtension;
            launch.forEach((name, workspace) ->
                    sessions.add(new SessionConfig.Launch(name, workspace, vscodeCommand, extension)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--attach/--launch/--roo-extension: " + e.getMessage());
        }
        for (String name : bridgeSocket.keySet()) {
            if (!attach.containsKey(name)) {
                throw new UsageException("--bridge-socket " + name + "=...: there is no --attach " + name
                        + "=SOCKET (launched and demo sessions get their bridge from the relay)");
            }
        }
        for (String name : bridgeSecretFile.keySet()) {
            if (!bridgeSocket.containsKey(name)) {
                throw new UsageException(
                        "--bridge-secret-file " + name + "=...: add --bridge-socket " + name + "=SOCKET as well");
            }
        }
        if (rooExtension != null && launch.isEmpty()) {
            throw new UsageException(
                    "--roo-extension applies to --launch sessions: add --launch NAME=WORKSPACE or drop it");
        }
        if (vscodeCommand != null && launch.isEmpty()) {
            throw new UsageException(
                    "--vscode-command applies to --launch sessions: add --launch NAME=WORKSPACE or drop it");
        }
        if (sessions.isEmpty()) {
            throw new UsageException(
                    "no sessions: add --demo N, --attach NAME=SOCKET or --launch NAME=WORKSPACE (see serve --help)");
        }
        return sessions;
    }

    /** The bridge of an --attach session, from --bridge-socket and --bridge-secret-file, or null. */
    private BridgeLink.Address attachedBridge(String name) {
        Path socket = bridgeSocket.get(name);
        if (socket == null) {
            return null;
        }
        Path secretFile = bridgeSecretFile.get(name);
        if (secretFile == null) {
            throw new UsageException("--bridge-socket " + name + "=" + socket + " needs --bridge-secret-file " + name
                    + "=FILE: the file with the secret that VS Code got as ROO_REMOTE_BRIDGE_SECRET");
        }
        try {
            return new BridgeLink.Address(socket.toAbsolutePath(), BridgeSecrets.read(secretFile));
        } catch (IOException e) {
            throw new UsageException(
                    "--bridge-secret-file " + name + "=" + secretFile + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    private Duration streamInterval() {
        long max = SessionOptions.MAX_STREAM_INTERVAL.toMillis();
        if (streamIntervalMillis < 0 || streamIntervalMillis > max) {
            throw new UsageException("--stream-interval " + streamIntervalMillis + " is out of range: use 0 to " + max
                    + " (milliseconds)");
        }
        return Duration.ofMillis(streamIntervalMillis);
    }
}
