package dev.rooremote.relay.store;

import java.sql.SQLException;

/** Says in one sentence why a PostgreSQL database cannot be used, and what to do about it. */
final class PostgresProblems {

    private PostgresProblems() {}

    static String describe(PostgresTarget target, Exception failure) {
        String where = "the database at " + target.location();
        SQLException sql = sqlCause(failure);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String message = firstLine(sql != null ? sql : failure);
        if (state.equals("28P01") || state.equals("28000")) {
            return "cannot sign in to " + where + " as user '" + target.user() + "': " + message + ". Check "
                    + PostgresTarget.USER_VARIABLE + " and the password (--database-password-file or "
                    + PostgresTarget.PASSWORD_VARIABLE + ")";
        }
        if (state.equals("3D000")) {
            return where + " does not exist: create it first (e.g. 'createdb -O " + target.user() + " "
                    + target.location().substring(target.location().lastIndexOf('/') + 1) + "')";
        }
        if (state.startsWith("08")) {
            return "cannot reach " + where + ": " + message + ". Check that PostgreSQL runs there, accepts TCP"
                    + " connections from this host, and that the sslmode matches the server";
        }
        if (state.equals("42501")) {
            return "user '" + target.user() + "' may not create the relay's tables in " + where + ": " + message
                    + ". Make the user the database's owner (ALTER DATABASE ... OWNER TO " + target.user() + ")";
        }
        return "cannot use " + where + ": " + message;
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String firstLine(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }
}
