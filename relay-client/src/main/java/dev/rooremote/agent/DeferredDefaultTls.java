package dev.rooremote.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The JVM's default TLS socket factory, built only if something uses it. Every
 * {@link HttpsURLConnection} asks for the default factory when it is created, and building it reads
 * the system's whole CA store, even when the connection is then given its own factory, as the
 * client's are (the relay's pinned certificate or the system trust, chosen by the user). Installed by
 * {@code roo-agent}'s {@code main} only: anything that does use the default still gets exactly the
 * JVM's, at first use.
 */
final class DeferredDefaultTls extends SSLSocketFactory {

    private DeferredDefaultTls() {}

    /** Makes {@link HttpsURLConnection}'s default factory this deferred one. */
    static void install() {
        HttpsURLConnection.setDefaultSSLSocketFactory(new DeferredDefaultTls());
    }

    private static SSLSocketFactory jvmDefault() {
        return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return jvmDefault().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return jvmDefault().getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return jvmDefault().createSocket();
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return jvmDefault().createSocket(socket, host, port, autoClose);
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        return jvmDefault().createSocket(socket, consumed, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return jvmDefault().createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return jvmDefault().createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return jvmDefault().createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return jvmDefault().createSocket(address, port, localAddress, localPort);
    }
}
