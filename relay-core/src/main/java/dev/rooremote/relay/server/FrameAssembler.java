package dev.rooremote.relay.server;

import java.util.function.Consumer;

/**
 * Gathers a client's text messages from their fragments, but never more than the frame limit: the rest
 * of an oversized message is dropped as it arrives and reported once it ends, however large it was.
 * Jetty delivers a connection's fragments one at a time, in order.
 */
final class FrameAssembler {

    private final int maxFrameBytes;
    private final Consumer<String> onMessage;
    private final Runnable onTooLarge;
    private final StringBuilder inbound = new StringBuilder();
    private long inboundBytes;
    private boolean oversized;

    /**
     * @param onMessage gets each whole message within the limit
     * @param onTooLarge runs at the end of each message over the limit
     */
    FrameAssembler(int maxFrameBytes, Consumer<String> onMessage, Runnable onTooLarge) {
        this.maxFrameBytes = maxFrameBytes;
        this.onMessage = onMessage;
        this.onTooLarge = onTooLarge;
    }

    void accept(String fragment, boolean last) {
        if (!oversized) {
            long bytes = inboundBytes + Utf8.length(fragment);
            if (bytes > maxFrameBytes) {
                oversized = true;
                inbound.setLength(0);
                inbound.trimToSize();
            } else {
                inboundBytes = bytes;
                inbound.append(fragment);
            }
        }
        if (!last) {
            return;
        }
        if (oversized) {
            oversized = false;
            inboundBytes = 0;
            onTooLarge.run();
            return;
        }
        String text = inbound.toString();
        inbound.setLength(0);
        inboundBytes = 0;
        onMessage.accept(text);
    }
}
