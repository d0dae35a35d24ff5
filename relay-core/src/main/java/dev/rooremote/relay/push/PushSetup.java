package dev.rooremote.relay.push;

/** What the relay's HTTP side needs of Web Push: where subscriptions go, and the key browsers subscribe with. */
public record PushSetup(PushSubscriptions subscriptions, String applicationServerKey) {}
