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
        ConsoleApp.launch(options);
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

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
