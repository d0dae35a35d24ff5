package dev.rooremote.relay.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pairing codes sign a device in once, within five minutes, as the user they were made for. */
class PairingTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
    private Database database;
    private AuthService auth;

    @BeforeEach
    void open() {
        database = Database.open(dir);
        JwtService jwt = new JwtService(database.dataDir(), clock);
        auth = new AuthService(
                new UserStore(database, new PasswordHasher(1024, 1, 1), clock),
                jwt,
                new RefreshTokens(database, clock),
                new AgentTokens(database, jwt, clock),
                new PairingCodes(database, clock),
                new Devices(database, clock),
                new LoginThrottle(clock, 3, 10),
                AuthService.ACCESS_LIFETIME,
                new Passkeys(database, clock),
                new PasskeyChallenges(database, clock));
        auth.users().add("bob", Role.OPERATOR, "bob-password");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aCodeSignsInOnceAsANamedDeviceOfItsUser() {
        PairingCodes.Code code = auth.pairingCode("bob");
        assertThat(code.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(code.toString()).doesNotContain(code.code());

        AuthService.Paired paired = auth.pair(code.code(), "  Bob's phone ", "10.0.0.7");
        assertThat(paired.tokens().user()).isEqualTo("bob");
        assertThat(paired.tokens().role()).isEqualTo(Role.OPERATOR);
        assertThat(paired.device().name()).isEqualTo("Bob's phone");
        assertThat(auth.identify(paired.tokens().accessToken()).family())
                .hasValue(paired.device().family());
        assertThat(auth.devices().list("bob")).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("Bob's phone");
            assertThat(d.signedIn()).isTrue();
        });

        assertThatThrownBy(() -> auth.pair(code.code(), "Eve's phone", "10.0.0.8"))
                .isInstanceOf(AuthException.class)
                .hasMessageContaining("already used");
        assertThat(auth.devices().list(null)).hasSize(1);
    }

    @Test
    void anExpiredOrUnknownCodeIsRefusedAndGuessingIsThrottled() {
        PairingCodes.Code code = auth.pairingCode("bob");
        clock.advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> auth.pair(code.code(), "phone", "10.0.0.7"))
                .isInstanceOf(AuthException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> auth.pair("not-a-code", "phone", "10.0.0.7")).hasMessageContaining("not known");
        assertThatThrownBy(() -> auth.pair("x".repeat(500), "phone", "10.0.0.7"))
                .hasMessageContaining("not a pairing code");
        assertThatThrownBy(() -> auth.pair("another-guess", "phone", "10.0.0.7"))
                .hasMessageContaining("not known");
        // three free failures from one address, then a wait even for a good code; other addresses go on
        PairingCodes.Code fresh = auth.pairingCode("bob");
        assertThatThrownBy(() -> auth.pair(fresh.code(), "phone", "10.0.0.7"))
                .isInstanceOfSatisfying(
                        AuthException.class, e -> assertThat(e.status()).isEqualTo(429));
        assertThat(auth.pair(fresh.code(), "phone", "10.0.0.9").tokens().user()).isEqualTo("bob");
    }

    @Test
    void badInputIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> auth.pairingCode("nobody")).hasMessageContaining("no user 'nobody'");
        PairingCodes.Code code = auth.pairingCode("bob");
        assertThatThrownBy(() -> auth.pair(code.code(), " ", "10.0.0.7")).hasMessageContaining("'device' is required");
        assertThatThrownBy(() -> auth.pair(code.code(), "x".repeat(65), "10.0.0.7"))
                .hasMessageContaining("longer than 64");
        assertThatThrownBy(() -> auth.pair(code.code(), "a\nb", "10.0.0.7")).hasMessageContaining("control");
        assertThatThrownBy(() -> auth.pair("", "phone", "10.0.0.7")).hasMessageContaining("'code' is required");
        // none of these spent the code
        assertThat(auth.pair(code.code(), "phone", "10.0.0.7").tokens().user()).isEqualTo("bob");
    }

    @Test
    void revokingADeviceSignsOutItsLoginOnly() {
        AuthService.Paired phone = auth.pair(auth.pairingCode("bob").code(), "phone", "10.0.0.7");
        AuthService.Paired tablet = auth.pair(auth.pairingCode("bob").code(), "tablet", "10.0.0.7");
        Identity phoneIdentity = auth.identify(phone.tokens().accessToken());

        assertThat(auth.devices().revoke(phone.device().id(), "someone-else")).isEmpty();
        assertThat(auth.devices().revoke(phone.device().id(), "bob")).isPresent();
        assertThat(auth.devices().revoke(phone.device().id(), "bob")).isEmpty();

        assertThatThrownBy(() -> auth.recheck(phoneIdentity)).isInstanceOf(AuthException.class);
        assertThatThrownBy(() -> auth.refresh(phone.tokens().refreshToken())).hasMessageContaining("revoked");
        assertThat(auth.refresh(tablet.tokens().refreshToken()).user()).isEqualTo("bob");
        assertThat(auth.devices().list("bob")).extracting(Devices.Device::name).containsExactly("tablet");
    }
}
