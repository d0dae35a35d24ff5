package dev.rooremote.relay.cli;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planned stop (SIGTERM from systemd or {@code kill}, Ctrl+C) closes the relay before the JVM begins
 * to shut down. Closing it from a shutdown hook alone would race the embedded database's own shutdown
 * hook (which the database's shared mode cannot do without), and a database closed first loses the
 * last events and the record of the clean stop. The shutdown hook stays for every other way out.
 */
final class PlannedStop {

    private static final Logger LOG = LoggerFactory.getLogger(PlannedStop.class);

    private PlannedStop() {}

    /**
     * Runs {@code stop} when the process is asked to stop; {@code serve} then returns and the relay exits
     * with 0, as a clean stop should (systemd counts it a success).
     */
    @SuppressWarnings("removal")
    static void onSignals(Runnable stop) {
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    LOG.info("SIG{} received: stopping", name);
                    stop.run();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // This system has no such signal (TERM on Windows): the shutdown hook covers the stop.
            }
        }
    }
}
