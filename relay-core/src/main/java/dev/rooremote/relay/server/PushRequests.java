package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.auth.Identity;

/** A signed-in person's browser subscribes to Web Push for its login, or stops. */
final class PushRequests {

    private final ConnectionServices services;

    PushRequests(ConnectionServices services) {
        this.services = services;
    }

    static boolean handles(ClientMessage request) {
        return request instanceof ClientMessage.PushSubscribe || request instanceof ClientMessage.PushUnsubscribe;
    }

    ServerMessage.Ack answer(ClientMessage request, Identity identity) {
        String family = identity.person() ? identity.family().orElse(null) : null;
        if (family == null) {
            throw new RelayException(
                    ErrorCode.FORBIDDEN,
                    "only a person's sign-in (the web console, roo-console) can receive notifications, not an agent"
                            + " token");
        }
        String user = identity.caller().name();
        if (request instanceof ClientMessage.PushSubscribe subscribe) {
            try {
                services.push()
                        .subscriptions()
                        .add(subscribe.endpoint(), user, family, subscribe.p256dh(), subscribe.auth());
            } catch (IllegalArgumentException e) {
                throw new RelayException(ErrorCode.BAD_REQUEST, e.getMessage());
            }
            services.audit().record(identity.caller(), request, null, "ok", null);
            return new ServerMessage.Ack(subscribe.id(), null);
        }
        ClientMessage.PushUnsubscribe unsubscribe = (ClientMessage.PushUnsubscribe) request;
        services.push().subscriptions().remove(unsubscribe.endpoint(), user);
        services.audit().record(identity.caller(), request, null, "ok", null);
        return new ServerMessage.Ack(unsubscribe.id(), null);
    }
}
