package dev.rooremote.relay.session;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.Role;

/** The least role each request needs. */
public final class Permissions {

    private Permissions() {}

    public static Role required(ClientMessage request) {
        if (request instanceof ClientMessage.UpdateSettings || request instanceof ClientMessage.UseProfile) {
            return Role.ADMIN;
        }
        if (request instanceof ClientMessage.StartTask
                || request instanceof ClientMessage.SendMessage
                || request instanceof ClientMessage.AnswerAsk
                || request instanceof ClientMessage.Approve
                || request instanceof ClientMessage.Deny
                || request instanceof ClientMessage.CancelTask
                || request instanceof ClientMessage.ResumeTask
                || request instanceof ClientMessage.DeleteQueuedMessage) {
            return Role.OPERATOR;
        }
        return Role.VIEWER;
    }
}
