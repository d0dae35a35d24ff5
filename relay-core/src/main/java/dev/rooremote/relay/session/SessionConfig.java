package dev.rooremote.relay.session;

import dev.rooremote.relay.bridge.BridgeLink;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/** How the relay reaches one session's Roo. The session's id is its name. */
public sealed interface SessionConfig {

    /** Session names: letters, digits, dot, underscore and dash, 1 to 64 characters. */
    Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * The VS Code command line a launched session runs by default (Roo's own evaluation runner starts
     * sessions this way), with the session's own extensions folder, into which the relay installs the
     * bridge (and Roo Code, if missing) first. {@code {userDataDir}}, {@code {extensionsDir}} and
     * {@code {workspace}} are replaced per session.
     */
    String DEFAULT_LAUNCH_COMMAND = "xvfb-run --auto-servernum code --wait --disable-workspace-trust --disable-gpu"
            + " --no-sandbox --user-data-dir {userDataDir} --extensions-dir {extensionsDir} -n {workspace}";

    String name();

    /**
     * An existing Roo IPC socket (VS Code started elsewhere with ROO_CODE_IPC_SOCKET_PATH).
     *
     * @param bridge where that VS Code's roo-remote-bridge listens and its secret, or null when it has none
     */
    record Attach(String name, Path socket, BridgeLink.Address bridge) implements SessionConfig {
        public Attach {
            requireName(name);
            Objects.requireNonNull(socket, "socket");
        }

        public Attach(String name, Path socket) {
            this(name, socket, null);
        }
    }

    /**
     * A headless VS Code the relay starts and supervises.
     *
     * @param commandTemplate the command line, or null for {@link #DEFAULT_LAUNCH_COMMAND}
     */
    record Launch(String name, Path workspace, String commandTemplate) implements SessionConfig {
        public Launch {
            requireName(name);
            Objects.requireNonNull(workspace, "workspace");
            commandTemplate =
                    commandTemplate == null || commandTemplate.isBlank() ? DEFAULT_LAUNCH_COMMAND : commandTemplate;
        }
    }

    /** The relay's built-in simulated Roo. */
    record Demo(String name) implements SessionConfig {
        public Demo {
            requireName(name);
        }
    }

    static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid session name '" + name
                    + "': use 1 to 64 letters, digits, '.', '_' or '-' (it becomes the session id)");
        }
        return name;
    }
}
