package dev.rooremote.client;

import dev.rooremote.protocol.relay.ClientMessage;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * Pings the relay on a welcomed link every period, so idle links stay open through proxies, and
 * hangs up on a relay that has said nothing for three periods. Runs on the event thread.
 */
final class KeepAlive {

    private final EventLoop loop;
    private final Requests requests;
    private final long period;
    private Link link;
    private ScheduledFuture<?> task;

    KeepAlive(EventLoop loop, Requests requests, Duration period) {
        this.loop = loop;
        this.requests = requests;
        this.period = period.toMillis();
    }

    /** Keeps {@code welcomed} alive until {@link #stop()}; {@code onSilent} runs when it hung up on a silent relay. */
    void start(Link welcomed, Runnable onSilent) {
        EventLoop.cancel(task);
        link = welcomed;
        task = loop.every(period, () -> tick(welcomed, onSilent));
    }

    void stop() {
        EventLoop.cancel(task);
        link = null;
    }

    private void tick(Link target, Runnable onSilent) {
        if (link != target) {
            return;
        }
        if (target.silentMillis() > 3 * period) {
            target.closeLater(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "relay silent"));
            onSilent.run();
            return;
        }
        requests.send(new ClientMessage.Ping(requests.nextId()), Requests.Reply.IGNORE);
    }
}
