package io.outdial.workflows;

/** One reserved attempt: the attempt id is also the ChannelId sent to Asterisk. */
public record AttemptInput(
    String campaignId,
    String attemptId,
    String entryId,
    int numberIndex,
    int tryCount,
    long dialTimeoutMs) {}
