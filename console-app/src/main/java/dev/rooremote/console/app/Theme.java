package dev.rooremote.console.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;

/** Light or dark AtlantaFX theme, by the user's choice or following the operating system. */
public enum Theme {
    SYSTEM,
    LIGHT,
    DARK;

    public static Theme parse(String value) {
        if (value == null) {
            return SYSTEM;
        }
        for (Theme t : values()) {
            if (t.name().equalsIgnoreCase(value.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown theme '" + value + "' (use system, light or dark)");
    }

    /** Whether this choice means dark, asking the OS for {@link #SYSTEM}. Blocking (runs a command). */
    public boolean dark() {
        return this == DARK || (this == SYSTEM && osPrefersDark());
    }

    /**
     * Applies AtlantaFX's Primer theme, light or dark, to every window: its binary form, which JavaFX
     * loads without parsing 170 KB of CSS. Applying the theme already in use does nothing (restyling
     * every window for nothing would cost as much as the first time).
     */
    public static void apply(boolean dark) {
        String stylesheet =
                dark ? new PrimerDark().getUserAgentStylesheetBSS() : new PrimerLight().getUserAgentStylesheetBSS();
        if (!stylesheet.equals(Application.getUserAgentStylesheet())) {
            Application.setUserAgentStylesheet(stylesheet);
        }
    }

    /** The OS's dark-mode setting: GNOME/GTK, macOS or Windows; light when it cannot tell. */
    static boolean osPrefersDark() {
        String gtk = System.getenv("GTK_THEME");
        if (gtk != null && gtk.toLowerCase(Locale.ROOT).contains("dark")) {
            return true;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return run("defaults", "read", "-g", "AppleInterfaceStyle")
                    .toLowerCase(Locale.ROOT)
                    .contains("dark");
        }
        if (os.contains("win")) {
            return run(
                            "reg",
                            "query",
                            "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                            "/v",
                            "AppsUseLightTheme")
                    .contains("0x0");
        }
        return run("gsettings", "get", "org.gnome.desktop.interface", "color-scheme")
                .contains("dark");
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            StringBuilder out = new StringBuilder();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null && out.length() < 1000) {
                    out.append(line);
                }
            }
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out.toString();
        } catch (Exception e) {
            return "";
        }
    }
}
