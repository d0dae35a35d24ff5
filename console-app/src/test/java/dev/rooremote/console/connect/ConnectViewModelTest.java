package dev.rooremote.console.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.testing.ScriptedDialogs;
import dev.rooremote.console.testing.TestLink;
import dev.rooremote.protocol.relay.Role;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectViewModelTest {

    @TempDir
    Path dir;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final List<String> pinned = new ArrayList<>();
    private String presented = "11:22:33";
    private Exception connectFailure;

    private final RelayConnector connector = new RelayConnector() {
        @Override
        public String fetchFingerprint(URI url) {
            return presented;
        }

        @Override
        public RelayLink connect(
                URI url, Credentials credentials, String fingerprint, java.util.function.Consumer<String> onRefresh)
                throws Exception {
            pinned.add(fingerprint);
            if (connectFailure != null) {
                throw connectFailure;
            }
            if (fingerprint != null && !fingerprint.equals(presented)) {
                throw new FingerprintChangedException(fingerprint, presented);
            }
            return new TestLink(Role.ADMIN, List.of());
        }
    };

    private ConnectViewModel form(ConnectionStore store) {
        ConnectViewModel vm = new ConnectViewModel(connector, store, dialogs, UiExecutor.sameThread());
        vm.urlProperty().set("wss://127.0.0.1:8443");
        vm.userProperty().set("alice");
        vm.passwordProperty().set("secret");
        return vm;
    }

    @Test
    void firstContactShowsTheFingerprintAndRemembersItAndARefreshToken() throws Exception {
        ConnectionStore store = new ConnectionStore(dir);
        List<RelayLink> connected = new ArrayList<>();

        form(store).connect(connected::add);

        assertThat(dialogs.fingerprintsShown).containsExactly("11:22:33");
        assertThat(pinned).containsExactly("11:22:33");
        assertThat(connected).hasSize(1);
        ConnectionStore reread = new ConnectionStore(dir);
        assertThat(reread.fingerprint("wss://127.0.0.1:8443")).contains("11:22:33");
        assertThat(reread.connections())
                .containsExactly(
                        new ConnectionStore.SavedConnection("127.0.0.1", "wss://127.0.0.1:8443", "alice", "refresh-1"));
        assertThat(Files.readString(store.file())).doesNotContain("secret");
    }

    @Test
    void aKnownRelayConnectsWithoutAsking() {
        ConnectionStore store = new ConnectionStore(dir);
        store.trust("wss://127.0.0.1:8443", "11:22:33");
        List<RelayLink> connected = new ArrayList<>();

        form(store).connect(connected::add);

        assertThat(dialogs.fingerprintsShown).isEmpty();
        assertThat(connected).hasSize(1);
    }

    @Test
    void anUntrustedCertificateIsNotUsed() {
        ConnectionStore store = new ConnectionStore(dir);
        dialogs.trustAnswer = false;
        ConnectViewModel vm = form(store);

        vm.connect(link -> {
            throw new AssertionError("must not connect");
        });

        assertThat(pinned).isEmpty();
        assertThat(store.fingerprint("wss://127.0.0.1:8443")).isEmpty();
        assertThat(vm.errorProperty().get()).contains("not trusted");
    }

    @Test
    void aChangedCertificateStopsTheConnectionWithAPlainExplanation() {
        ConnectionStore store = new ConnectionStore(dir);
        store.trust("wss://127.0.0.1:8443", "AA:AA:AA");
        presented = "BB:BB:BB";
        ConnectViewModel vm = form(store);

        vm.connect(link -> {
            throw new AssertionError("must not connect");
        });

        assertThat(dialogs.errors).hasSize(1);
        assertThat(dialogs.errors.get(0))
                .contains("certificate has changed")
                .contains("AA:AA:AA")
                .contains("BB:BB:BB")
                .contains("intercepting")
                .doesNotContainIgnoringCase("continue anyway");
        assertThat(store.fingerprint("wss://127.0.0.1:8443")).contains("AA:AA:AA");
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void theFormIsValidatedBeforeAnythingIsSent() {
        ConnectViewModel vm = form(new ConnectionStore(dir));
        vm.urlProperty().set("https://relay.example");
        assertThat(vm.validate()).hasValueSatisfying(p -> assertThat(p).contains("wss://"));
        vm.urlProperty().set("ws://relay.example:8080");
        assertThat(vm.validate()).hasValueSatisfying(p -> assertThat(p).contains("only allowed to this machine"));
        vm.urlProperty().set("wss://relay.example:8443");
        vm.passwordProperty().set("");
        assertThat(vm.validate()).contains("Enter your password.");
        vm.useTokenProperty().set(true);
        assertThat(vm.validate()).hasValueSatisfying(p -> assertThat(p).contains("Paste a token"));

        vm.connect(link -> {});
        assertThat(pinned).isEmpty();
        assertThat(dialogs.fingerprintsShown).isEmpty();
    }

    @Test
    void aFailedLoginSaysWhyAndSavesNothing() {
        ConnectionStore store = new ConnectionStore(dir);
        store.trust("wss://127.0.0.1:8443", "11:22:33");
        connectFailure = new IllegalStateException("wrong user name or password");
        ConnectViewModel vm = form(store);

        vm.connect(link -> {});

        assertThat(vm.errorProperty().get()).isEqualTo("Could not connect: wrong user name or password");
        assertThat(store.connections()).isEmpty();
    }

    @Test
    void aRelayIsSavedUnderTheNameGivenAndANameInUseOrMalformedIsRefused() throws Exception {
        ConnectionStore store = new ConnectionStore(dir);
        List<String> names = new ArrayList<>();

        ConnectViewModel first = form(store);
        first.nameProperty().set("build-1");
        first.connectNamed((name, link) -> names.add(name));
        assertThat(names).containsExactly("build-1");
        assertThat(store.named("build-1"))
                .hasValueSatisfying(c -> assertThat(c.user()).isEqualTo("alice"));

        ConnectViewModel second = form(store);
        second.urlProperty().set("wss://127.0.0.2:8443");
        second.nameProperty().set("BUILD-1");
        second.connectNamed((name, link) -> names.add(name));
        assertThat(second.errorProperty().get())
                .contains("A relay named 'BUILD-1' is already in your list (wss://127.0.0.1:8443)")
                .contains("Choose another name");

        second.nameProperty().set("build 2!");
        second.connectNamed((name, link) -> names.add(name));
        assertThat(second.errorProperty().get()).contains("A relay's name has up to 40 letters");

        second.nameProperty().set("shown");
        second.setNameInUse("shown"::equalsIgnoreCase);
        second.connectNamed((name, link) -> names.add(name));
        assertThat(second.errorProperty().get()).contains("A relay named 'shown' is already in your list");

        second.nameProperty().set("");
        second.urlProperty().set("https://127.0.0.2:8443");
        second.connectNamed((name, link) -> names.add(name));
        assertThat(second.errorProperty().get()).contains("must start with wss://");

        second.urlProperty().set("wss://127.0.0.2:8443");
        second.connectNamed((name, link) -> names.add(name));
        assertThat(names).as("no name given: the host's").containsExactly("build-1", "127.0.0.2");
        assertThat(new ConnectionStore(dir).connections())
                .extracting(ConnectionStore.SavedConnection::name)
                .containsExactly("build-1", "127.0.0.2");
    }
}
