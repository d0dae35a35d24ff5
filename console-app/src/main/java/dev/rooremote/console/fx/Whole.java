package dev.rooremote.console.fx;

import javafx.scene.layout.Region;

/** Keeps controls at least as wide as their text needs, so a narrow window never shortens them to "...". */
public final class Whole {

    private Whole() {}

    /** Each control's minimum width becomes its preferred width: the layout around it shrinks instead. */
    public static void width(Region... controls) {
        for (Region control : controls) {
            control.setMinWidth(Region.USE_PREF_SIZE);
        }
    }
}
