package dev.rooremote.relay.cli;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code as terminal text: two rows of modules per line with half blocks, a quiet zone of two
 * modules around it. Light modules are drawn (the blocks), dark ones left blank, which reads right on a
 * dark terminal; {@code invert} is for a light one.
 */
final class QrText {

    private static final int QUIET = 2;

    private QrText() {}

    static String render(String text, boolean invert) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = qr.size;
        StringBuilder out = new StringBuilder();
        for (int y = -QUIET; y < size + QUIET; y += 2) {
            for (int x = -QUIET; x < size + QUIET; x++) {
                boolean top = drawn(qr, x, y, invert);
                boolean bottom = drawn(qr, x, y + 1, invert);
                out.append(top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' '));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static boolean drawn(QrCode qr, int x, int y, boolean invert) {
        // getModule is false (light) outside the symbol: the quiet zone
        boolean dark = qr.getModule(x, y);
        return invert == dark;
    }
}
