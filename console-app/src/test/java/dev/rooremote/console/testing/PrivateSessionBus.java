package dev.rooremote.console.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A D-Bus session bus of a test's own: a {@code dbus-daemon} started for it and stopped after it. */
public final class PrivateSessionBus implements AutoCloseable {

    private final Process daemon;
    private final String address;

    private PrivateSessionBus(Process daemon, String address) {
        this.daemon = daemon;
        this.address = address;
    }

    /** Starts the bus; skips the test where the machine has no {@code dbus-daemon}. */
    public static PrivateSessionBus start() throws IOException {
        Path daemon = Path.of("/usr/bin/dbus-daemon");
        assumeTrue(Files.isExecutable(daemon), "needs dbus-daemon (Debian package dbus-daemon)");
        Process process = new ProcessBuilder(daemon.toString(), "--session", "--nofork", "--print-address=1")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String address =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(address).as("the bus's address").startsWith("unix:");
        return new PrivateSessionBus(process, address);
    }

    public String address() {
        return address;
    }

    @Override
    public void close() {
        daemon.destroy();
    }
}
