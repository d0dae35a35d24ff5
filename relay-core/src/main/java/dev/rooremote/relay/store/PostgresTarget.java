package dev.rooremote.relay.store;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A PostgreSQL database for the relay's store, from {@code postgresql://HOST[:PORT]/DB[?PARAMS]}.
 *
 * <p>The user name and password never come from the command line, where every local user could read
 * them in the process list: the user from {@code ROO_RELAY_DB_USER} (default {@code roo_relay}), the
 * password from a file or {@code ROO_RELAY_DB_PASSWORD}. TLS to the database is set with the driver's own
 * parameters ({@code sslmode=verify-full&sslrootcert=FILE}); only parameters in {@link #PARAMETERS}
 * are taken.
 *
 * @param location where the database is, for messages: {@code HOST:PORT/DB}, never a credential
 */
public record PostgresTarget(String jdbcUrl, String location, String user, String password) {

    public static final String USER_VARIABLE = "ROO_RELAY_DB_USER";
    public static final String PASSWORD_VARIABLE = "ROO_RELAY_DB_PASSWORD";
    public static final String DEFAULT_USER = "roo_relay";

    /** The driver parameters a database URL may carry. */
    static final Set<String> PARAMETERS = Set.of(
            "sslmode",
            "sslrootcert",
            "sslcert",
            "sslkey",
            "sslfactory",
            "connectTimeout",
            "socketTimeout",
            "tcpKeepAlive",
            "targetServerType",
            "ApplicationName");

    public PostgresTarget {
        if (password == null) {
            throw new StoreException("no password for the database at " + location + ": put it in a file given with"
                    + " --database-password-file, or in the environment variable " + PASSWORD_VARIABLE);
        }
    }

    /**
     * Reads a database URL and the credentials for it.
     *
     * @param passwordFile a file whose first line is the password, or null to read {@link #PASSWORD_VARIABLE}
     * @param environment the process environment (a parameter so tests can give their own)
     */
    public static PostgresTarget parse(String url, Path passwordFile, Map<String, String> environment) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new StoreException("--database " + redacted(url) + " is not a URL: write it as"
                    + " postgresql://HOST:PORT/DATABASE (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("postgresql") || scheme.equals("postgres"))) {
            throw new StoreException("--database " + redacted(url) + " is not a PostgreSQL URL: write it as"
                    + " postgresql://HOST:PORT/DATABASE (leave --database out for the embedded database)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new StoreException("--database must not carry a user name or password (the command line is"
                    + " visible to every local user): set " + USER_VARIABLE + " and give the password with"
                    + " --database-password-file or " + PASSWORD_VARIABLE);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new StoreException(
                    "--database " + redacted(url) + " names no host: write it as" + " postgresql://HOST:PORT/DATABASE");
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty() || database.contains("/")) {
            throw new StoreException("--database " + redacted(url) + " names no database: write it as"
                    + " postgresql://HOST:PORT/DATABASE");
        }
        Map<String, String> parameters = parameters(uri.getRawQuery());
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://")
                .append(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                .append(':')
                .append(port)
                .append('/')
                .append(uri.getRawPath().substring(1));
        char separator = '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            jdbc.append(separator)
                    .append(parameter.getKey())
                    .append('=')
                    .append(java.net.URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        String location = host + ":" + port + "/" + database;
        String user = environment.getOrDefault(USER_VARIABLE, DEFAULT_USER);
        return new PostgresTarget(jdbc.toString(), location, user, password(passwordFile, environment));
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (name.equalsIgnoreCase("password") || name.equalsIgnoreCase("user")) {
                throw new StoreException("--database must not carry a user name or password (the command line is"
                        + " visible to every local user): set " + USER_VARIABLE + " and give the password with"
                        + " --database-password-file or " + PASSWORD_VARIABLE);
            }
            if (!PARAMETERS.contains(name)) {
                throw new StoreException("--database parameter '" + name + "' is not one the relay takes: use "
                        + String.join(", ", new TreeSet<>(PARAMETERS)));
            }
            parameters.put(name, value);
        }
        return parameters;
    }

    private static String password(Path file, Map<String, String> environment) {
        if (file == null) {
            return environment.get(PASSWORD_VARIABLE);
        }
        try {
            String first = Files.readString(file, StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("");
            if (first.isEmpty()) {
                throw new StoreException("--database-password-file " + file + " is empty: put the database"
                        + " password on its first line");
            }
            return first;
        } catch (IOException e) {
            throw new StoreException("cannot read --database-password-file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A URL for messages: whatever stands before an {@code @} (a user name or password) is left out. */
    private static String redacted(String url) {
        int at = url.indexOf('@');
        int scheme = url.indexOf("://");
        return at < 0 ? url : (scheme < 0 ? "" : url.substring(0, scheme + 3)) + "...@" + url.substring(at + 1);
    }

    @Override
    public String toString() {
        return "PostgresTarget[" + location + ", user=" + user + "]";
    }
}
