package dev.rooremote.console.settings;

import dev.rooremote.console.connect.RelayLink;
import dev.rooremote.console.connect.RequestFailedException;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.Role;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Roo's provider profiles in a session whose bridge can list and switch them: which one is active, what
 * each uses (provider and model, never a key), and switching to another, for admins. Switching applies
 * to Roo at once and to every task the relay starts; {@code afterUse} then reloads what depends on it.
 */
public final class ProfilesViewModel {

    private final RelayLink link;
    private final String sessionId;
    private final UiExecutor ui;
    private final ObservableBooleanValue available;
    private final Runnable afterUse;

    private final ObservableList<AckResult.ProviderProfile> profiles = FXCollections.observableArrayList();
    private final ObservableList<String> names = FXCollections.observableArrayList();
    private final ObservableList<String> namesView = FXCollections.unmodifiableObservableList(names);
    private final StringProperty selected = new SimpleStringProperty(this, "selected");
    private final ReadOnlyStringWrapper active = new ReadOnlyStringWrapper(this, "active");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final boolean admin;
    private final BooleanBinding canUse;

    /**
     * @param available whether the session can list and switch profiles now (its capabilities)
     * @param afterUse run on the UI thread once Roo switched
     */
    public ProfilesViewModel(
            RelayLink link, String sessionId, UiExecutor ui, ObservableBooleanValue available, Runnable afterUse) {
        this.link = link;
        this.sessionId = sessionId;
        this.ui = ui;
        this.available = available;
        this.afterUse = afterUse;
        this.admin = link.role().atLeast(Role.ADMIN);
        canUse = Bindings.createBooleanBinding(
                () -> admin
                        && available.get()
                        && !busy.get()
                        && selected.get() != null
                        && names.contains(selected.get())
                        && !selected.get().equals(active.get()),
                available,
                busy,
                selected,
                active,
                names);
    }

    /** Reads the profiles from the relay, where the session can list them. */
    public void load() {
        if (!available.get()) {
            return;
        }
        busy.set(true);
        ui.whenDone(link.profiles(sessionId), this::show, error -> failed("loading of provider profiles", error));
    }

    /** Makes the selected profile Roo's active one. */
    public void use() {
        if (!canUse.get()) {
            return;
        }
        String name = selected.get();
        busy.set(true);
        message.set("Switching Roo to " + name + "…");
        ui.whenDone(
                link.useProfile(sessionId, name),
                result -> {
                    show(result);
                    message.set("Roo now uses " + name + ", and so will every new task in this session.");
                    afterUse.run();
                },
                error -> failed("switch of provider profile", error));
    }

    private void show(AckResult.Profiles result) {
        busy.set(false);
        profiles.setAll(result.profiles());
        names.setAll(
                result.profiles().stream().map(AckResult.ProviderProfile::name).toList());
        active.set(result.active());
        selected.set(result.active());
        message.set(result.profiles().isEmpty() ? "Roo has no provider profiles." : "");
    }

    private void failed(String what, Throwable error) {
        busy.set(false);
        message.set(RequestFailedException.describe(what, error));
    }

    /** What {@code name} uses, in words: "openai · qwen3-coder"; empty when Roo does not say. */
    public String describe(String name) {
        return profiles.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .map(p -> String.join(
                        " · ",
                        List.of(p.apiProvider(), p.modelId()).stream()
                                .filter(s -> s != null && !s.isBlank())
                                .toList()))
                .orElse("");
    }

    public ObservableBooleanValue availableProperty() {
        return available;
    }

    public ObservableList<String> names() {
        return namesView;
    }

    public StringProperty selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public BooleanBinding canUseProperty() {
        return canUse;
    }

    public boolean admin() {
        return admin;
    }
}
