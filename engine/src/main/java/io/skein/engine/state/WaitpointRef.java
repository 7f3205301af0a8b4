package io.skein.engine.state;

import io.skein.core.id.WaitpointId;

/** Where a waitpoint lives: its execution partition and its id (the primary key of {@code ff_waitpoint_pending}). */
public record WaitpointRef(int partition, WaitpointId waitpointId) {}
