package dev.rooremote.console.fx;

import dev.rooremote.protocol.relay.SessionEvent;
import java.util.List;
import javafx.util.StringConverter;

/** Roo's modes by the names people read, and back to the slugs Roo takes. */
public final class ModeNames {

    private ModeNames() {}

    /**
     * A mode's name as Roo lists it, without its leading emoji ("💻 Code" reads "Code"): JavaFX draws no
     * colour emoji, only an empty box. The slug when Roo has not listed the mode.
     */
    public static String name(List<SessionEvent.Mode> modes, String slug) {
        return modes.stream()
                .filter(m -> m.slug().equals(slug))
                .map(SessionEvent.Mode::name)
                .map(name -> name.replaceFirst("^[^\\p{L}\\p{N}]+", ""))
                .filter(name -> !name.isBlank())
                .findFirst()
                .orElse(slug);
    }

    /** The slug of the mode named or slugged {@code typed} (ignoring case), else {@code typed} as given. */
    public static String slug(List<SessionEvent.Mode> modes, String typed) {
        if (typed == null) {
            return null;
        }
        String text = typed.strip();
        return modes.stream()
                .filter(m ->
                        m.slug().equalsIgnoreCase(text) || name(modes, m.slug()).equalsIgnoreCase(text))
                .map(SessionEvent.Mode::slug)
                .findFirst()
                .orElse(text);
    }

    /** For a combo box whose value is a slug: shows the mode's name, takes a name or a slug typed. */
    public static StringConverter<String> converter(List<SessionEvent.Mode> modes) {
        return new StringConverter<>() {
            @Override
            public String toString(String slug) {
                return slug == null ? "" : name(modes, slug);
            }

            @Override
            public String fromString(String text) {
                return text == null || text.isBlank() ? null : slug(modes, text);
            }
        };
    }
}
