package dev.rooremote.relay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesAreSaltedArgon2idPhcStringsThatVerifyOnlyTheirPassword() {
        String hash = hasher.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.hash("correct horse battery")).isNotEqualTo(hash);
        assertThat(hasher.verify("correct horse battery", hash)).isTrue();
        assertThat(hasher.verify("correct horse batterY", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
    }

    @Test
    void hashesWithOtherParametersStillVerify() {
        String light = new PasswordHasher(1024, 1, 1).hash("pässwörd ☃");
        assertThat(hasher.verify("pässwörd ☃", light)).isTrue();
    }

    @Test
    void damagedHashesNeverVerifyAndNeverThrow() {
        for (String bad : new String[] {
            null,
            "",
            "plain",
            "$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA",
            "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA",
            "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA",
            "$argon2id$v=19$m=8,t=1,p=1$!!$AAAA"
        }) {
            assertThat(hasher.verify("pw", bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
