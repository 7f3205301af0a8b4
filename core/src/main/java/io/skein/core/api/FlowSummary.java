package io.skein.core.api;

import io.skein.core.id.FlowId;

/** One entry of {@code listFlows} (T2, spec 02 §5). */
public record FlowSummary(FlowId flowId, long createdAt, FlowSummaryStatus status) {}
