package dev.rooremote.relay.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.relay.store.DataDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsIdentityTest {

    @TempDir
    Path dir;

    @Test
    void theFirstStartCreatesAPrivateSelfSignedCertificateThatLaterStartsReuse() throws Exception {
        DataDir dataDir = DataDir.open(dir);
        TlsIdentity first = TlsIdentity.selfSigned(dataDir);
        TlsIdentity second = TlsIdentity.selfSigned(dataDir);

        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(first.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        for (String file : List.of(TlsIdentity.KEYSTORE_FILE, TlsIdentity.PASSWORD_FILE)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))))
                    .as(file)
                    .isEqualTo("rw-------");
        }
        X509Certificate certificate = first.certificate();
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.getSubjectAlternativeNames())
                .extracting(name -> String.valueOf(name.get(1)))
                .contains("localhost", "127.0.0.1");
        assertThat(first.expiresWithin(Duration.ofDays(700))).isFalse();
        assertThat(first.expiresWithin(Duration.ofDays(740))).isTrue();
        certificate.checkValidity();
    }

    @Test
    void theUsersOwnKeystoreIsUsedAndItsFingerprintReported() throws Exception {
        Path keystore = dir.resolve("own.p12");
        Files.write(keystore, TlsIdentity.createSelfSigned("s3cret-pass".toCharArray()));
        Path passwordFile = Files.writeString(dir.resolve("pass.txt"), "s3cret-pass\n");

        TlsIdentity identity = TlsIdentity.fromKeystore(keystore, passwordFile);
        assertThat(identity.fingerprint()).isEqualTo(TlsIdentity.fingerprint(identity.certificate()));
        assertThat(identity.source()).isEqualTo(keystore);
    }

    @Test
    void aWrongPasswordOrMissingFileNamesTheOptionToFix() throws Exception {
        Path keystore = dir.resolve("own.p12");
        Files.write(keystore, TlsIdentity.createSelfSigned("right-pass".toCharArray()));
        Path wrong = Files.writeString(dir.resolve("wrong.txt"), "wrong-pass");

        assertThatThrownBy(() -> TlsIdentity.fromKeystore(keystore, wrong))
                .isInstanceOf(TlsException.class)
                .hasMessageContaining("--tls-password-file");
        assertThatThrownBy(() -> TlsIdentity.fromKeystore(dir.resolve("missing.p12"), wrong))
                .isInstanceOf(TlsException.class)
                .hasMessageContaining("--tls-keystore")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TlsIdentity.fromKeystore(keystore, dir.resolve("nope.txt")))
                .isInstanceOf(TlsException.class)
                .hasMessageContaining("--tls-password-file")
                .hasMessageContaining("does not exist");
    }
}
