package dev.rooremote.relay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.bridge.BridgeLink;
import dev.rooremote.relay.demo.DemoRoo;
import dev.rooremote.relay.demo.DemoRooMain;
import dev.rooremote.relay.roo.LaunchEndpoint;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Attach and launch endpoints with real sockets and real processes. */
class EndpointSessionTest {

    @TempDir
    Path dir;

    @Test
    void attachWaitsForTheSocketAndReconnectsAfterRooIsKilledMidStream() throws Exception {
        Path socket = dir.resolve("roo.sock");
        DemoRoo.Timing timing = DemoRoo.Timing.fast(Duration.ofMillis(150));
        try (SessionKit kit = new SessionKit(
                dir.resolve("data"), List.of(new SessionConfig.Attach("vm1", socket)), SessionKit.fastOptions())) {
            await().atMost(SessionKit.WAIT)
                    .until(() -> kit.read("vm1", SessionState::connection) == ConnectionStatus.CONNECTING);
            assertThat(kit.refused(new ClientMessage.StartTask(kit.nextId(), "vm1", "hello", null, null)))
                    .isEqualTo(ErrorCode.SESSION_UNAVAILABLE);
            // stock IPC has no provider profiles: the refusal says what would give them
            RelayException noProfiles = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> kit.execute(new ClientMessage.GetProfiles(kit.nextId(), "vm1")), RelayException.class);
            assertThat(noProfiles.code()).isEqualTo(ErrorCode.CAPABILITY_UNAVAILABLE);
            assertThat(noProfiles.getMessage()).contains("provider profiles").contains("roo-remote-bridge");

            DemoRoo first = DemoRoo.start(socket, timing);
            String taskId;
            try {
                kit.awaitConnected("vm1");
                taskId = kit.startTask("vm1", "Write a long explanation, long 60000");
                await().atMost(SessionKit.WAIT)
                        .until(() -> kit.lastMessage("vm1", taskId, m -> SayKind.TEXT.equals(m.say()) && m.isPartial())
                                .isPresent());
            } finally {
                first.close();
            }

            kit.awaitState("vm1", taskId, TaskState.ABORTED);
            assertThat(kit.transcript("vm1", taskId)).noneMatch(ClineMessage::isPartial);
            assertThat(kit.refused(new ClientMessage.CancelTask(kit.nextId(), "vm1", null)))
                    .isEqualTo(ErrorCode.SESSION_UNAVAILABLE);

            try (DemoRoo second = DemoRoo.start(socket, timing)) {
                await().atMost(SessionKit.WAIT)
                        .until(() -> kit.events("vm1", SessionEvent.Connection.class).stream()
                                        .filter(c -> c.status() == ConnectionStatus.CONNECTED)
                                        .count()
                                == 2);
                String next = kit.startTask("vm1", "Add a usage section to the README");
                assertThat(next).isNotEqualTo(taskId);
                assertThat(second.receivedCommands(TaskCommand.StartNewTask.class))
                        .hasSize(1);
            }
            List<ConnectionStatus> statuses = kit.events("vm1", SessionEvent.Connection.class).stream()
                    .map(SessionEvent.Connection::status)
                    .toList();
            assertThat(statuses)
                    .containsSubsequence(
                            ConnectionStatus.CONNECTING,
                            ConnectionStatus.CONNECTED,
                            ConnectionStatus.DISCONNECTED,
                            ConnectionStatus.CONNECTED);
        }
    }

    @Test
    void launchStartsTheCommandWithAPrivateSocketLogsItAndRestartsItWhenKilled() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Path data = dir.resolve("data");
        String java = ProcessHandle.current().info().command().orElse("java");
        String template = "\"" + java + "\" -cp \"" + standInClasspath() + "\" " + DemoRooMain.class.getName()
                + " --user-data-dir {userDataDir} -n {workspace}";
        String zoo = "ZooCodeOrganization.zoo-code";
        try (SessionKit kit = new SessionKit(
                data,
                List.of(
                        new SessionConfig.Launch("code1", workspace, template),
                        new SessionConfig.Launch("zoo1", workspace, template, zoo)),
                SessionKit.fastOptions())) {
            kit.awaitConnected("code1");
            kit.awaitConnected("zoo1");
            LaunchEndpoint endpoint =
                    (LaunchEndpoint) kit.manager.session("code1").orElseThrow().endpoint();

            Path run = data.resolve("run");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run)))
                    .isEqualTo("rwx------");
            assertThat(endpoint.socket()).startsWith(run).exists();
            assertThat(endpoint.userDataDir()).isDirectory();
            await().atMost(SessionKit.WAIT).until(() -> Files.readString(endpoint.logFile())
                    .contains("demo Roo listening on " + endpoint.socket()));
            assertThat(Files.readString(endpoint.logFile()))
                    .contains("--user-data-dir " + endpoint.userDataDir())
                    .contains("-n " + workspace);
            assertThat(kit.events("code1", SessionEvent.Connection.class))
                    .extracting(SessionEvent.Connection::status)
                    .startsWith(ConnectionStatus.LAUNCHING);

            String taskId = kit.startTask("code1", "Add a usage section to the README");
            assertThat(taskId).isNotBlank();

            ProcessHandle firstProcess = endpoint.process().orElseThrow();
            firstProcess.destroyForcibly();

            await().atMost(SessionKit.WAIT).until(() -> kit.events("code1", SessionEvent.Connection.class).stream()
                    .anyMatch(c -> c.status() == ConnectionStatus.DISCONNECTED
                            && c.detail() != null
                            && c.detail().contains("exited")));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> endpoint.launches() == 2
                            && kit.read("code1", SessionState::connection) == ConnectionStatus.CONNECTED);
            ProcessHandle secondProcess = endpoint.process().orElseThrow();
            assertThat(secondProcess.pid()).isNotEqualTo(firstProcess.pid());
            kit.manager.close();
            assertThat(secondProcess.isAlive()).isFalse();
        }
    }

    @Test
    void launchInstallsTheBridgeIntoTheSessionsOwnExtensionsAndHandsVsCodeItsSocketAndSecret() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Path data = dir.resolve("data");
        Path installs = dir.resolve("installs.txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        // A stand-in for VS Code's 'code': it records what it is asked to install, and otherwise serves the
        // demo Roo with its bridge, as VS Code with Roo and roo-remote-bridge would.
        Path code = dir.resolve("bin").resolve("code");
        Files.createDirectories(code.getParent());
        Files.writeString(
                code,
                "#!/bin/sh\n"
                        + "case \"$*\" in *--install-extension*) echo \"$@\" >> '" + installs + "'; exit 0;; esac\n"
                        + "exec '" + java + "' -cp '" + standInClasspath() + "' " + DemoRooMain.class.getName()
                        + " \"$@\"\n");
        Files.setPosixFilePermissions(code, PosixFilePermissions.fromString("rwx------"));
        String template = code + " --user-data-dir {userDataDir} --extensions-dir {extensionsDir} -n {workspace}";
        String zoo = "ZooCodeOrganization.zoo-code";
        try (SessionKit kit = new SessionKit(
                data,
                List.of(
                        new SessionConfig.Launch("code1", workspace, template),
                        new SessionConfig.Launch("zoo1", workspace, template, zoo)),
                SessionKit.fastOptions())) {
            kit.awaitConnected("code1");
            kit.awaitConnected("zoo1");
            LaunchEndpoint endpoint =
                    (LaunchEndpoint) kit.manager.session("code1").orElseThrow().endpoint();
            await().atMost(SessionKit.WAIT)
                    .until(() -> kit.read("code1", s -> s.info().capabilities().approve()));

            Path vsix = data.resolve("bridge").resolve("roo-remote-bridge.vsix");
            assertThat(vsix).isRegularFile();
            LaunchEndpoint zooEndpoint =
                    (LaunchEndpoint) kit.manager.session("zoo1").orElseThrow().endpoint();
            // each session's own folder gets the bridge and the Roo-family extension it was configured with
            assertThat(Files.readAllLines(installs))
                    .containsExactlyInAnyOrder(
                            "--extensions-dir " + endpoint.extensionsDir() + " --install-extension " + vsix
                                    + " --install-extension " + SessionConfig.ROO_EXTENSION + " --force",
                            "--extensions-dir " + zooEndpoint.extensionsDir() + " --install-extension " + vsix
                                    + " --install-extension " + zoo + " --force");
            BridgeLink.Address bridge = endpoint.bridge().orElseThrow();
            assertThat(bridge.socket()).isEqualTo(data.resolve("run").resolve("code1.bridge.sock"));
            String log = Files.readString(endpoint.logFile());
            assertThat(log).contains("demo bridge listening on " + bridge.socket());
            // the secret travels in the environment only
            assertThat(log).doesNotContain(bridge.secret());
            String reason = kit.read("code1", s -> s.info().capabilities().reason());
            assertThat(reason).doesNotContain(bridge.secret());
        }
    }

    /** The demo Roo's classes and the libraries they load, as a class path for a child JVM. */
    private static String standInClasspath() throws Exception {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : List.of(
                DemoRooMain.class,
                RooJson.class,
                ObjectMapper.class,
                JsonMapper.class,
                JsonFactory.class,
                JsonProperty.class,
                Jdk8Module.class,
                LoggerFactory.class)) {
            entries.add(Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString());
        }
        return entries.stream().collect(Collectors.joining(File.pathSeparator));
    }
}
