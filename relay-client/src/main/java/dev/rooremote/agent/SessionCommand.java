package dev.rooremote.agent;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** A command about one session: the connection options and {@code --session}. */
abstract class SessionCommand implements Callable<Integer> {

    @ParentCommand
    RooAgent agent;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--session", required = true, paramLabel = "SESSION", description = "The session.")
    String sessionId;
}
