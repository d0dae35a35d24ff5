package dev.rooremote.relay.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Passkeys and their open ceremonies, kept by the embedded database and by PostgreSQL alike. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class PasskeysTest {

    @Parameter
    StoreKind kind;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
    private Database database;
    private Passkeys passkeys;
    private PasskeyChallenges challenges;

    @BeforeEach
    void open() {
        database = kind.create(dir).open();
        passkeys = new Passkeys(database, clock);
        challenges = new PasskeyChallenges(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aPasskeyIsKeptListedCountedUsedAndRemovedForItsUserOnly() {
        Passkeys.Passkey laptop = passkeys.add("bob", "laptop", "Y3JlZC0x", "AAEC", 3);
        clock.advance(Duration.ofMinutes(1));
        passkeys.add("bob", "phone", "Y3JlZC0y", "AwQF", 0);
        passkeys.add("carol", "carol's", "Y3JlZC0z", "BgcI", 0);

        assertThat(passkeys.count("bob")).isEqualTo(2);
        assertThat(passkeys.count("dave")).isZero();
        assertThat(passkeys.list("bob")).extracting(Passkeys.Passkey::name).containsExactly("laptop", "phone");
        assertThat(passkeys.list(null)).hasSize(3);
        assertThat(passkeys.find("bob", "Y3JlZC0x")).hasValueSatisfying(p -> {
            assertThat(p.credential()).isEqualTo("AAEC");
            assertThat(p.signCount()).isEqualTo(3);
            assertThat(p.createdAt()).isEqualTo(Instant.parse("2026-12-03T08:00:00Z"));
            assertThat(p.lastUsedAt()).isNull();
        });
        assertThat(passkeys.find("carol", "Y3JlZC0x"))
                .as("another user's credential")
                .isEmpty();

        passkeys.used(laptop.id(), 9);
        assertThat(passkeys.find("bob", "Y3JlZC0x")).hasValueSatisfying(p -> {
            assertThat(p.signCount()).isEqualTo(9);
            assertThat(p.lastUsedAt()).isEqualTo(clock.instant());
        });

        assertThatThrownBy(() -> passkeys.add("carol", "again", "Y3JlZC0x", "AAEC", 0))
                .isInstanceOf(AuthException.class)
                .hasMessageContaining("registered already");

        assertThat(passkeys.remove(laptop.id(), "carol")).isEmpty();
        assertThat(passkeys.remove(laptop.id(), "bob"))
                .hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("laptop"));
        assertThat(passkeys.remove(laptop.id(), null)).isEmpty();
        assertThat(passkeys.list("bob")).extracting(Passkeys.Passkey::name).containsExactly("phone");
    }

    @Test
    void removingAUserRemovesTheirPasskeys() {
        UserStore users = new UserStore(database, new PasswordHasher(1024, 1, 1), clock);
        users.add("bob", Role.OPERATOR, "bob-password");
        passkeys.add("bob", "laptop", "Y3JlZC0x", "AAEC", 0);
        passkeys.add("carol", "carol's", "Y3JlZC0z", "BgcI", 0);

        assertThat(users.remove("bob")).isTrue();
        users.add("bob", Role.OPERATOR, "new-bob-password");
        assertThat(passkeys.count("bob")).as("a new account of the same name").isZero();
        assertThat(passkeys.count("carol")).isEqualTo(1);
    }

    @Test
    void aCeremonyIsSpentByItsFirstAnswerAndExpires() {
        PasskeyChallenges.Opened opened = challenges.open("bob", PasskeyChallenges.Purpose.PAIR, "Bob's phone");
        assertThat(opened.toString()).doesNotContain(opened.handle());

        PasskeyChallenges.Pending pending =
                challenges.take(opened.handle(), PasskeyChallenges.Purpose.LOGIN, PasskeyChallenges.Purpose.PAIR);
        assertThat(pending.user()).isEqualTo("bob");
        assertThat(pending.purpose()).isEqualTo(PasskeyChallenges.Purpose.PAIR);
        assertThat(pending.device()).isEqualTo("Bob's phone");
        assertThat(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(pending.challenge()))
                .isEqualTo(opened.challenge());
        assertThat(pending.challenge()).hasSize(32);

        assertThatThrownBy(() -> challenges.take(opened.handle(), PasskeyChallenges.Purpose.PAIR))
                .isInstanceOfSatisfying(
                        AuthException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("used once");

        PasskeyChallenges.Opened late = challenges.open("bob", PasskeyChallenges.Purpose.LOGIN, null);
        clock.advance(PasskeyChallenges.LIFETIME);
        assertThatThrownBy(() -> challenges.take(late.handle(), PasskeyChallenges.Purpose.LOGIN))
                .hasMessageContaining("expired");

        PasskeyChallenges.Opened register = challenges.open("bob", PasskeyChallenges.Purpose.REGISTER, null);
        assertThatThrownBy(() -> challenges.take(register.handle(), PasskeyChallenges.Purpose.LOGIN))
                .as("a registration's challenge does not sign anyone in")
                .hasMessageContaining("not known");
        assertThatThrownBy(() -> challenges.take("x".repeat(500), PasskeyChallenges.Purpose.LOGIN))
                .hasMessageContaining("not known");
        assertThatThrownBy(() -> challenges.take(" ", PasskeyChallenges.Purpose.LOGIN))
                .hasMessageContaining("'pending' is required");
    }

    @Test
    void namesAreCheckedWithADefault() {
        assertThat(Passkeys.checkName("  ")).isEqualTo("passkey");
        assertThat(Passkeys.checkName(" YubiKey ")).isEqualTo("YubiKey");
        assertThatThrownBy(() -> Passkeys.checkName("x".repeat(65))).hasMessageContaining("longer than 64");
        assertThatThrownBy(() -> Passkeys.checkName("a\u0007b")).hasMessageContaining("control");
    }
}
