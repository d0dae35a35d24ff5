package dev.rooremote.relay.server;

import dev.rooremote.relay.tls.TlsIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a renewed certificate without a restart: {@link #check} (run every few seconds) looks at the
 * PEM files' modification times, sizes and identities (a renewal that swaps a symlink counts), waits
 * until they have stayed the same for one check (the two files are seldom written at once), then reads
 * them and swaps Jetty's SSL context: new handshakes get the new certificate, open connections keep
 * theirs. Files that cannot be read, or do not match, leave the current certificate in place and log a
 * warning once.
 */
final class CertificateReloader {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

    /** What a check sees of the two files; equal stamps mean unchanged files. */
    private record Stamp(
            FileTime chainTime, long chainSize, Object chainKey, FileTime keyTime, long keySize, Object keyKey) {

        static Stamp of(TlsIdentity.PemSource files) {
            BasicFileAttributes chain = attributes(files.chain());
            BasicFileAttributes key = attributes(files.key());
            return new Stamp(
                    chain == null ? null : chain.lastModifiedTime(),
                    chain == null ? -1 : chain.size(),
                    chain == null ? null : chain.fileKey(),
                    key == null ? null : key.lastModifiedTime(),
                    key == null ? -1 : key.size(),
                    key == null ? null : key.fileKey());
        }

        private static BasicFileAttributes attributes(Path file) {
            try {
                return Files.readAttributes(file, BasicFileAttributes.class);
            } catch (IOException e) {
                return null;
            }
        }
    }

    private final SslContextFactory.Server ssl;
    private final TlsIdentity.PemSource files;
    private volatile TlsIdentity current;
    private Stamp served;
    private Stamp changed;
    private Stamp failed;

    CertificateReloader(SslContextFactory.Server ssl, TlsIdentity initial) {
        this.ssl = ssl;
        this.files = initial.pem();
        this.current = initial;
        this.served = Stamp.of(files);
    }

    /** The certificate new handshakes get. */
    TlsIdentity current() {
        return current;
    }

    /** Reloads the files when they changed and have settled. Never throws: it runs on a timer. */
    synchronized void check() {
        try {
            Stamp now = Stamp.of(files);
            if (now.equals(served)) {
                changed = null;
                return;
            }
            if (!now.equals(changed)) {
                changed = now; // wait one more check for the other file, or the rest of this one
                return;
            }
            if (now.equals(failed)) {
                return;
            }
            reload(now);
        } catch (RuntimeException e) {
            LOG.warn("checking the certificate files failed: {}", e.toString());
        }
    }

    private void reload(Stamp now) {
        TlsIdentity next;
        try {
            next = TlsIdentity.fromPem(files.chain(), files.key());
            ssl.reload(factory -> {
                factory.setKeyStore(next.keyStore());
                factory.setKeyStorePassword(new String(next.password()));
            });
        } catch (Exception e) {
            failed = now;
            LOG.warn(
                    "the certificate files changed but cannot be used, so the relay keeps serving the certificate {}: {}",
                    current.fingerprint(),
                    e.getMessage());
            return;
        }
        served = now;
        failed = null;
        changed = null;
        current = next;
        LOG.info(
                "serving the renewed certificate from {}: SHA-256 {} (valid until {})",
                files.chain(),
                next.fingerprint(),
                next.certificate().getNotAfter().toInstant());
        if (next.expiresWithin(java.time.Duration.ofDays(30))) {
            LOG.warn(
                    "the TLS certificate in {} expires on {}: replace it soon",
                    files.chain(),
                    next.certificate().getNotAfter());
        }
    }
}
