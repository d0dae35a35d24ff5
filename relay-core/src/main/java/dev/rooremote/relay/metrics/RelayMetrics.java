package dev.rooremote.relay.metrics;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The relay's Prometheus metrics: a handful of counters, gauges and one latency histogram, written in
 * the text exposition format. Hand-written because the set is small and fixed.
 */
public final class RelayMetrics {

    /** Upper bounds of the forwarding-latency buckets, in seconds. */
    static final double[] LATENCY_BUCKETS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0
    };

    private final LongAdder wsBytesSent = new LongAdder();
    private final LongAdder ipcBytesReceived = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BUCKETS.length];
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencySumNanos = new LongAdder();
    private volatile LongSupplier clients = () -> 0;
    private volatile LongSupplier sessions = () -> 0;
    private volatile LongSupplier ipcBytesSource = () -> 0;
    private volatile LongSupplier unstored = () -> 0;
    private volatile LongSupplier notKept = () -> 0;
    private volatile LongSupplier storeFailing = () -> 0;

    public RelayMetrics() {
        for (int i = 0; i < latencyBuckets.length; i++) {
            latencyBuckets[i] = new LongAdder();
        }
    }

    public void wsBytesSent(long bytes) {
        wsBytesSent.add(bytes);
    }

    /** Bytes read from Roo IPC sockets; the Roo side reports them. */
    public void ipcBytesReceived(long bytes) {
        ipcBytesReceived.add(bytes);
    }

    public void event() {
        events.increment();
    }

    /** Time from an event entering the log to its frame being handed to a client's socket. */
    public void forwardLatency(long nanos) {
        double seconds = nanos / 1e9;
        for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
            if (seconds <= LATENCY_BUCKETS[i]) {
                latencyBuckets[i].increment();
                break;
            }
        }
        latencyCount.increment();
        latencySumNanos.add(nanos);
    }

    /** Where the Roo side counts the IPC bytes it reads (added to {@link #ipcBytesReceived(long)}). */
    public void ipcBytesSource(LongSupplier supplier) {
        this.ipcBytesSource = supplier;
    }

    public void clientsGauge(LongSupplier supplier) {
        this.clients = supplier;
    }

    public void sessionsGauge(LongSupplier supplier) {
        this.sessions = supplier;
    }

    public void unstoredGauge(LongSupplier supplier) {
        this.unstored = supplier;
    }

    /** Events sent but never stored (an outage outlasted the store's buffer), and whether the store fails now. */
    public void storeHealth(LongSupplier notKept, LongSupplier failing) {
        this.notKept = notKept;
        this.storeFailing = failing;
    }

    public long wsBytesSent() {
        return wsBytesSent.sum();
    }

    public long events() {
        return events.sum();
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        StringBuilder out = new StringBuilder(2048);
        counter(
                out,
                "roo_relay_ws_bytes_sent_total",
                "Bytes of WebSocket text messages sent to clients, before permessage-deflate compression.",
                wsBytesSent.sum());
        counter(
                out,
                "roo_relay_ipc_bytes_received_total",
                "Bytes received from Roo over IPC.",
                ipcBytesReceived.sum() + ipcBytesSource.getAsLong());
        counter(out, "roo_relay_events_total", "Session events logged.", events.sum());
        gauge(out, "roo_relay_clients", "Connected WebSocket clients.", clients.getAsLong());
        gauge(out, "roo_relay_sessions", "Configured Roo sessions.", sessions.getAsLong());
        gauge(
                out,
                "roo_relay_events_unstored",
                "Events sent to clients but not stored yet (grows while the disk is full or the database fails).",
                unstored.getAsLong());
        counter(
                out,
                "roo_relay_events_not_kept_total",
                "Events sent to clients but never stored: a database outage outlasted what the relay holds.",
                notKept.getAsLong());
        gauge(
                out,
                "roo_relay_store_failing",
                "1 while events cannot be stored (full disk, database unreachable), else 0.",
                storeFailing.getAsLong());
        String name = "roo_relay_forward_latency_seconds";
        out.append("# HELP ")
                .append(name)
                .append(" From an event entering the log to its frame leaving for a client.\n");
        out.append("# TYPE ").append(name).append(" histogram\n");
        long cumulative = 0;
        for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
            cumulative += latencyBuckets[i].sum();
            out.append(name)
                    .append("_bucket{le=\"")
                    .append(format(LATENCY_BUCKETS[i]))
                    .append("\"} ")
                    .append(cumulative)
                    .append('\n');
        }
        long count = latencyCount.sum();
        out.append(name).append("_bucket{le=\"+Inf\"} ").append(count).append('\n');
        out.append(name)
                .append("_sum ")
                .append(format(latencySumNanos.sum() / 1e9))
                .append('\n');
        out.append(name).append("_count ").append(count).append('\n');
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static String format(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
