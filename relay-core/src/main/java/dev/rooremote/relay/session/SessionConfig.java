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

    /** Roo Code's marketplace id. */
    String ROO_EXTENSION = "RooVeterinaryInc.roo-cline";

    /** A VS Code marketplace id: PUBLISHER.NAME. */
    Pattern EXTENSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,99}\\.[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

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
     * @param rooExtension the Roo-family extension installed beside the bridge when the session's extensions
     *     folder lacks it (a marketplace id such as {@link #ROO_EXTENSION} or {@code ZooCodeOrganization.zoo-code}),
     *     or null to install none (the VS Code has it already)
     */
    record Launch(String name, Path workspace, String commandTemplate, String rooExtension) implements SessionConfig {
        public Launch {
            requireName(name);
            Objects.requireNonNull(workspace, "workspace");
            commandTemplate =
                    commandTemplate == null || commandTemplate.isBlank() ? DEFAULT_LAUNCH_COMMAND : commandTemplate;
            if (rooExtension != null && !EXTENSION_ID.matcher(rooExtension).matches()) {
                throw new IllegalArgumentException("'" + rooExtension + "' is not an extension id: use PUBLISHER.NAME"
                        + " as the VS Code marketplace shows it, e.g. " + ROO_EXTENSION
                        + " or ZooCodeOrganization.zoo-code");
            }
        }

        /** A launch that installs Roo Code ({@link #ROO_EXTENSION}) when missing. */
        public Launch(String name, Path workspace, String commandTemplate) {
            this(name, workspace, commandTemplate, ROO_EXTENSION);
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
