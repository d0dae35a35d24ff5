package dev.rooremote.agent.mcp;

/** Told when a task's transcript grew, so subscribers of its resource hear of it. */
interface TaskChanges {
    void transcriptChanged(String sessionId, String taskId);
}
