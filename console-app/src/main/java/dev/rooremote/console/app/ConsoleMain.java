package dev.rooremote.console.app;

/**
 * {@code roo-console}'s entry point. Not an {@link javafx.application.Application} itself, so that
 * the console starts from a plain class path.
 */
public final class ConsoleMain {

    private ConsoleMain() {}

    public static void main(String[] args) {
        if (ConsoleOptions.wantsVersion(args)) {
            System.out.println(ConsoleVersion.describe());
            return;
        }
        ConsoleOptions options;
        try {
            options = ConsoleOptions.parse(args, System.getenv());
        } catch (ConsoleOptions.UsageException e) {
            System.err.println("roo-console: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(ConsoleOptions.HELP);
            return;
        }
        if (noDisplay()) {
            System.err.println("roo-console: no display found (DISPLAY and WAYLAND_DISPLAY are not set). "
                    + "Run it in a desktop session, or under a virtual display: xvfb-run -a roo-console ...");
            System.exit(3);
            return;
        }
        quietClassPathWarning();
        try {
            ConsoleApp.launch(options);
        } catch (RuntimeException e) {
            if (!displayUnreachable(e)) {
                throw e;
            }
            System.err.println("roo-console: cannot open the display " + describeDisplay()
                    + ": no desktop session is reachable there. Run it in a desktop session, fix DISPLAY, "
                    + "or use a virtual display: xvfb-run -a roo-console ...");
            System.exit(3);
            return;
        }
        // launch returns once the window is closed; connections are closed by then, and no
        // library thread may keep the process alive after the user quit.
        System.exit(0);
    }

    private static boolean noDisplay() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return false;
        }
        if ("Monocle".equals(System.getProperty("glass.platform"))) {
            return false;
        }
        return isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    /**
     * JavaFX warns on every start that it was loaded from the class path rather than as named modules.
     * The console runs from a plain class path on purpose (one runnable jar, JavaFX included), which
     * JavaFX 21 runs correctly, so that one logger keeps to errors.
     */
    private static void quietClassPathWarning() {
        JAVAFX_LOGGER.setLevel(java.util.logging.Level.SEVERE);
    }

    // Held so the level set on it is not lost when the logger would otherwise be collected.
    private static final java.util.logging.Logger JAVAFX_LOGGER = java.util.logging.Logger.getLogger("javafx");

    /** JavaFX's toolkit fails with "Unable to open DISPLAY" when DISPLAY names no reachable X server. */
    static boolean displayUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Unable to open DISPLAY")) {
                return true;
            }
        }
        return false;
    }

    private static String describeDisplay() {
        String display = System.getenv("DISPLAY");
        return isBlank(display) ? "(WAYLAND_DISPLAY " + System.getenv("WAYLAND_DISPLAY") + ")" : "'" + display + "'";
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
