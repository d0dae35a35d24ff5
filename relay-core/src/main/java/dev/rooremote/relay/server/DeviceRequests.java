package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.auth.Devices;
import dev.rooremote.relay.auth.Identity;
import dev.rooremote.relay.auth.PairingCodes;
import java.util.List;
import java.util.Optional;

/**
 * A signed-in person's requests about their phones: a pairing code for a QR code, the list of paired
 * devices, and revoking one, which ends its open connections on this relay at once.
 */
final class DeviceRequests {

    /** Where on the relay's own origin the web console takes a pairing code (in the fragment). */
    static final String PAIR_FRAGMENT = "/#pair=";

    private final ConnectionServices services;

    DeviceRequests(ConnectionServices services) {
        this.services = services;
    }

    /** Answers {@code request} for {@code identity}, who is signed in now; audits what changes. */
    ServerMessage.Ack answer(ClientMessage request, Identity identity) {
        if (!identity.person()) {
            throw new RelayException(
                    ErrorCode.FORBIDDEN,
                    "an agent token cannot pair or manage devices: sign in as a person (roo-relay pair --user NAME"
                            + " works on the relay's machine)");
        }
        String user = identity.caller().name();
        if (request instanceof ClientMessage.CreatePairingCode create) {
            PairingCodes.Code code = services.auth().pairingCode(user);
            services.audit().record(identity.caller(), request, null, "ok", "valid until " + code.expiresAt());
            return new ServerMessage.Ack(
                    create.id(),
                    new AckResult.PairingCode(
                            code.code(),
                            PAIR_FRAGMENT + code.code(),
                            code.expiresAt().toEpochMilli()));
        }
        if (request instanceof ClientMessage.ListDevices list) {
            Optional<String> mine = identity.family();
            List<AckResult.Device> devices = services.auth().devices().list(user).stream()
                    .map(d -> new AckResult.Device(
                            d.id(),
                            d.name(),
                            d.pairedAt().toEpochMilli(),
                            d.signedIn(),
                            mine.isPresent() && mine.get().equals(d.family())))
                    .toList();
            return new ServerMessage.Ack(list.id(), new AckResult.Devices(devices));
        }
        ClientMessage.RevokeDevice revoke = (ClientMessage.RevokeDevice) request;
        Devices.Device device = services.auth()
                .devices()
                .revoke(revoke.deviceId(), user)
                .orElseThrow(() -> new RelayException(
                        ErrorCode.UNKNOWN_DEVICE,
                        "you have no device '" + revoke.deviceId() + "' (or it was already revoked):"
                                + " list_devices shows them"));
        services.audit().record(identity.caller(), request, null, "ok", "device " + device.id() + " " + device.name());
        services.connections().forEach(ClientConnection::endIfSignedOut);
        return new ServerMessage.Ack(revoke.id(), null);
    }

    static boolean handles(ClientMessage request) {
        return request instanceof ClientMessage.CreatePairingCode
                || request instanceof ClientMessage.ListDevices
                || request instanceof ClientMessage.RevokeDevice;
    }
}
