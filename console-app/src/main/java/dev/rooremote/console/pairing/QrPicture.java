package dev.rooremote.console.pairing;

import io.nayuki.qrcodegen.QrCode;

/** A QR code as ARGB pixels: black modules on white, with the four-module quiet zone a camera needs. */
public record QrPicture(int size, int[] argb) {

    private static final int QUIET = 4;
    private static final int DARK = 0xFF000000;
    private static final int LIGHT = 0xFFFFFFFF;

    /** {@code text} encoded with medium error correction, each module {@code scale} pixels square. */
    public static QrPicture of(String text, int scale) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int modules = qr.size + 2 * QUIET;
        int size = modules * scale;
        int[] argb = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                argb[y * size + x] = qr.getModule(x / scale - QUIET, y / scale - QUIET) ? DARK : LIGHT;
            }
        }
        return new QrPicture(size, argb);
    }
}
