package dev.rooremote.testsupport.roo;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.List;
import java.util.Map;

/**
 * Reads QR codes the way a phone's camera would, so tests check what a person scans: the terminal text
 * of {@code roo-relay pair} (half blocks, light modules drawn) or an image's pixels.
 */
public final class QrCodes {

    private static final int SCALE = 4;
    private static final int MARGIN = 4;

    private QrCodes() {}

    /** The text of the QR code drawn in {@code lines} with '█', '▀', '▄' and ' ' (light modules drawn). */
    public static String decodeText(List<String> lines) {
        int width = lines.stream().mapToInt(String::length).max().orElse(0);
        int rows = lines.size() * 2;
        boolean[][] light = new boolean[rows][width];
        for (int line = 0; line < lines.size(); line++) {
            String text = lines.get(line);
            for (int x = 0; x < text.length(); x++) {
                char c = text.charAt(x);
                light[line * 2][x] = c == '█' || c == '▀';
                light[line * 2 + 1][x] = c == '█' || c == '▄';
            }
        }
        int w = (width + 2 * MARGIN) * SCALE;
        int h = (rows + 2 * MARGIN) * SCALE;
        int[] pixels = new int[w * h];
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < width; x++) {
                if (!light[y][x]) {
                    for (int dy = 0; dy < SCALE; dy++) {
                        for (int dx = 0; dx < SCALE; dx++) {
                            pixels[((y + MARGIN) * SCALE + dy) * w + (x + MARGIN) * SCALE + dx] = 0;
                        }
                    }
                }
            }
        }
        return decode(new RGBLuminanceSource(w, h, pixels));
    }

    /** The text of the QR code in an image given as ARGB pixels, row by row. */
    public static String decodePixels(int width, int height, int[] argb) {
        return decode(new RGBLuminanceSource(width, height, argb));
    }

    private static String decode(LuminanceSource source) {
        try {
            return new QRCodeReader()
                    .decode(
                            new BinaryBitmap(new HybridBinarizer(source)),
                            Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
                    .getText();
        } catch (com.google.zxing.ReaderException e) {
            throw new AssertionError("no QR code could be read: " + e, e);
        }
    }
}
