package dev.rooremote.relay.session;

import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.relay.RelayException;
import java.util.List;

/**
 * How many images one request may carry and how long each one's data URL may be. The relay's
 * connections check requests against their {@code Limits}, its sessions against their
 * {@link SessionOptions}, both here, so a client gets the same answer from either.
 *
 * @param maxImages the most images a request may carry
 * @param maxChars the longest data URL of one image
 */
public record ImageLimits(int maxImages, int maxChars) {

    public ImageLimits {
        if (maxImages < 0 || maxChars < 0) {
            throw new IllegalArgumentException("image limits cannot be negative");
        }
    }

    /**
     * @throws RelayException {@code image_too_large} for too many or too long images, {@code bad_request}
     *     for an image that is not a base64 data URL
     */
    public void check(List<String> images) {
        if (images.size() > maxImages) {
            throw new RelayException(
                    ErrorCode.IMAGE_TOO_LARGE,
                    images.size() + " images attached; at most " + maxImages + " per request");
        }
        for (int i = 0; i < images.size(); i++) {
            String image = images.get(i);
            if (image != null && image.length() > maxChars) {
                throw new RelayException(
                        ErrorCode.IMAGE_TOO_LARGE,
                        "image " + (i + 1) + " is " + image.length() + " bytes as a data URL; at most " + maxChars
                                + " allowed: scale it down");
            }
            if (image == null || !image.startsWith("data:image/") || !image.contains(";base64,")) {
                throw new RelayException(
                        ErrorCode.BAD_REQUEST,
                        "image " + (i + 1) + " is not a base64 data URL (data:image/png;base64,...)");
            }
        }
    }
}
