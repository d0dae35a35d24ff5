package dev.rooremote.relay.push;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Who runs the relay, as push services are told in every VAPID token (RFC 8292 {@code sub}): a
 * {@code mailto:} address or an {@code https:} page. A push service writes to it when the relay's
 * pushes cause trouble, and some refuse pushes whose contact is clearly not one.
 */
public final class PushContact {

    /** Used when the operator gives none: it reaches nobody, so {@code serve} suggests giving one. */
    public static final String DEFAULT = "mailto:roo-relay@localhost";

    private PushContact() {}

    /**
     * {@code contact} checked, or {@link #DEFAULT} for null.
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    public static String check(String contact) {
        if (contact == null) {
            return DEFAULT;
        }
        String value = contact.strip();
        String expected = " Give an address push services can write to about this relay, e.g."
                + " --push-contact mailto:ops@example.com or --push-contact https://example.com/contact";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--push-contact '" + value + "' is not a URI." + expected);
        }
        if ("mailto".equalsIgnoreCase(uri.getScheme())) {
            String address = uri.getSchemeSpecificPart();
            int at = address.indexOf('@');
            if (at <= 0 || at == address.length() - 1 || address.indexOf('@', at + 1) >= 0 || address.contains("?")) {
                throw new IllegalArgumentException(
                        "--push-contact '" + value + "' has no e-mail address after mailto:." + expected);
            }
            return value;
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new IllegalArgumentException("--push-contact '" + value + "' names no host." + expected);
            }
            return value;
        }
        throw new IllegalArgumentException(
                "--push-contact '" + value + "' is neither a mailto: address nor an https: page." + expected);
    }
}
