package dev.rooremote.relay.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Serves the demo Roo on the socket named by {@code ROO_CODE_IPC_SOCKET_PATH}, the way VS Code with Roo
 * does when started with that variable. It stands in for VS Code in a launch command template, so the
 * relay's launch path can run for real without VS Code. Other arguments (such as the template's
 * {@code --user-data-dir} and workspace) are printed and otherwise ignored.
 *
 * <p>With {@code ROO_REMOTE_BRIDGE_SOCKET} and {@code ROO_REMOTE_BRIDGE_SECRET} set, as the relay sets them
 * for a launched session, it also serves the demo's bridge there, as VS Code with roo-remote-bridge does.
 *
 * <p>{@code ROO_DEMO_STATE_EVENT_MS}, when set, replaces the 2 s delay of the late state events and of the
 * usage throttle. Exit codes: 0 after a normal stop, 2 when the variable is missing, 1 when the socket
 * cannot be served.
 */
public final class DemoRooMain {

    public static final String SOCKET_VARIABLE = "ROO_CODE_IPC_SOCKET_PATH";
    public static final String STATE_EVENT_VARIABLE = "ROO_DEMO_STATE_EVENT_MS";

    private DemoRooMain() {}

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println("Usage: ROO_CODE_IPC_SOCKET_PATH=/path/to.sock java -cp roo-relay.jar "
                    + DemoRooMain.class.getName() + " [ignored VS Code arguments]");
            System.out.println("Serves a simulated Roo Code IPC server on that socket until stopped.");
            System.out.println("Exit codes: 0 stopped, 1 cannot serve the socket, 2 variable missing.");
            return;
        }
        String path = System.getenv(SOCKET_VARIABLE);
        if (path == null || path.isBlank()) {
            System.err.println("error: " + SOCKET_VARIABLE + " is not set; set it to the socket path to serve");
            System.exit(2);
        }
        DemoRoo.Timing timing = DemoRoo.Timing.realistic();
        String stateMs = System.getenv(STATE_EVENT_VARIABLE);
        if (stateMs != null && !stateMs.isBlank()) {
            try {
                Duration delay = Duration.ofMillis(Long.parseLong(stateMs.strip()));
                timing = new DemoRoo.Timing(timing.chunkDelay(), timing.stepDelay(), timing.thinkDelay(), delay);
            } catch (NumberFormatException e) {
                System.err.println(
                        "error: " + STATE_EVENT_VARIABLE + " must be a number of milliseconds, was '" + stateMs + "'");
                System.exit(2);
            }
        }
        DemoRoo roo;
        try {
            roo = DemoRoo.start(Path.of(path), timing);
        } catch (IOException | RuntimeException e) {
            System.err.println("error: cannot serve the demo Roo on " + path + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        String bridgeSocket = System.getenv("ROO_REMOTE_BRIDGE_SOCKET");
        String bridgeSecret = System.getenv("ROO_REMOTE_BRIDGE_SECRET");
        if (bridgeSocket != null && !bridgeSocket.isBlank() && bridgeSecret != null && !bridgeSecret.isEmpty()) {
            try {
                roo.serveBridge(Path.of(bridgeSocket), bridgeSecret);
                System.out.println("demo bridge listening on " + bridgeSocket);
            } catch (IOException e) {
                System.err.println("error: cannot serve the demo bridge on " + bridgeSocket + ": " + e.getMessage());
            }
        }
        System.out.println("demo Roo listening on " + path + " (pid "
                + ProcessHandle.current().pid() + ")");
        System.out.println("arguments: " + String.join(" ", args));
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            roo.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
