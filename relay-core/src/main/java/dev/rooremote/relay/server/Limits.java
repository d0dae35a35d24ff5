package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.RelayProtocol;
import dev.rooremote.relay.session.ImageLimits;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * What one client connection may send and how far it may fall behind.
 *
 * @param maxFrameBytes largest text frame accepted
 * @param maxImages images per request
 * @param maxImageBytes characters of one image data URL
 * @param requestsPerSecond sustained requests per second per connection
 * @param requestBurst requests a connection may send at once before the rate applies
 * @param outboundQueue frames queued for a client before one that reads nothing counts as a slow consumer
 * @param outboundBytes bytes queued for a client before it counts as a slow consumer however it reads
 * @param outboundStall how long a client with {@code outboundQueue} frames waiting may take none of
 *     the frames handed to its socket before it counts as a slow consumer
 * @param headerTimeout how long a client may take to send an HTTP request's headers (the WebSocket
 *     upgrade's included) before its connection is closed
 */
public record Limits(
        int maxFrameBytes,
        int maxImages,
        int maxImageBytes,
        double requestsPerSecond,
        int requestBurst,
        int outboundQueue,
        Duration headerTimeout,
        long outboundBytes,
        Duration outboundStall) {

    public Limits {
        if (maxFrameBytes < 1024
                || maxImages < 0
                || maxImageBytes < 1
                || requestsPerSecond <= 0
                || requestBurst < 1
                || outboundQueue < 16
                || headerTimeout == null
                || headerTimeout.toMillis() < 100
                || outboundBytes < 1024 * 1024
                || outboundStall == null
                || outboundStall.toMillis() < 100) {
            throw new IllegalArgumentException("limits out of range");
        }
    }

    public static Limits defaults() {
        return new Limits(
                RelayProtocol.DEFAULT_MAX_FRAME_BYTES,
                10,
                7 * 1024 * 1024,
                50,
                100,
                10_000,
                Duration.ofSeconds(15),
                32L * 1024 * 1024,
                Duration.ofSeconds(5));
    }

    /** The limits on the images of one request. */
    public ImageLimits images() {
        return new ImageLimits(maxImages, maxImageBytes);
    }

    public Limits withRequestRate(double perSecond, int burst) {
        return new Limits(
                maxFrameBytes,
                maxImages,
                maxImageBytes,
                perSecond,
                burst,
                outboundQueue,
                headerTimeout,
                outboundBytes,
                outboundStall);
    }

    public Limits withOutboundQueue(int frames) {
        return withOutbound(frames, outboundBytes, outboundStall);
    }

    /** The limits of one client's queue: see {@link #outboundQueue}, {@link #outboundBytes}, {@link #outboundStall}. */
    public Limits withOutbound(int frames, long bytes, Duration stall) {
        return new Limits(
                maxFrameBytes,
                maxImages,
                maxImageBytes,
                requestsPerSecond,
                requestBurst,
                frames,
                headerTimeout,
                bytes,
                stall);
    }

    public Limits withImages(int count, int bytes) {
        return new Limits(
                maxFrameBytes,
                count,
                bytes,
                requestsPerSecond,
                requestBurst,
                outboundQueue,
                headerTimeout,
                outboundBytes,
                outboundStall);
    }

    /** What a client that sends faster than {@link #requestsPerSecond} is told, {@code where} it did. */
    public String tooFast(String where) {
        return "more than "
                + BigDecimal.valueOf(requestsPerSecond).stripTrailingZeros().toPlainString()
                + " requests per second " + where + ": slow down and retry";
    }

    public Limits withHeaderTimeout(Duration timeout) {
        return new Limits(
                maxFrameBytes,
                maxImages,
                maxImageBytes,
                requestsPerSecond,
                requestBurst,
                outboundQueue,
                timeout,
                outboundBytes,
                outboundStall);
    }
}
