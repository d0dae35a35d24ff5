package dev.rooremote.console.pairing;

import dev.rooremote.console.connect.RelayLink;
import dev.rooremote.console.connect.RequestFailedException;
import dev.rooremote.console.fx.DialogService;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.protocol.relay.AckResult;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Relay > Pair a phone: asks the relay for a one-time pairing code for the signed-in user and shows it
 * as a QR code of the relay's address with the code, to scan with the phone's camera. The request runs
 * off the FX thread; only its answer comes back to it.
 */
public final class PairPhoneViewModel {

    static final String TITLE = "Pair a phone";
    private static final int SCALE = 6;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final RelayLink link;
    private final DialogService dialogs;
    private final UiExecutor ui;
    private final ZoneId zone;

    public PairPhoneViewModel(RelayLink link, DialogService dialogs, UiExecutor ui) {
        this(link, dialogs, ui, ZoneId.systemDefault());
    }

    PairPhoneViewModel(RelayLink link, DialogService dialogs, UiExecutor ui, ZoneId zone) {
        this.link = link;
        this.dialogs = dialogs;
        this.ui = ui;
        this.zone = zone;
    }

    /** Asks for a code and shows it; a refusal or a lost connection is shown as an error saying why. */
    public void pair() {
        link.createPairingCode()
                .whenComplete((code, error) -> ui.runOnUi(() -> {
                    if (error != null) {
                        dialogs.showError(TITLE, RequestFailedException.describe("pairing code", error));
                        return;
                    }
                    String address = pageAddress(link.url(), code);
                    QrPicture picture = QrPicture.of(address, SCALE);
                    dialogs.showPicture(
                            TITLE,
                            "Scan this with the phone's camera to sign it in as '" + link.user()
                                    + "'. It works once, until "
                                    + TIME.format(Instant.ofEpochMilli(code.expiresAt())
                                            .atZone(zone))
                                    + ".\n\n" + address,
                            picture.size(),
                            picture.size(),
                            picture.argb());
                }));
    }

    /** The web console's address on the relay the console is connected to, with the code's path. */
    static String pageAddress(String relayUrl, AckResult.PairingCode code) {
        URI ws = URI.create(relayUrl);
        String scheme = "ws".equals(ws.getScheme()) ? "http" : "https";
        return scheme + "://" + ws.getRawAuthority() + code.path();
    }
}
