package io.skein.sql.engine;

import io.skein.core.api.policy.ExecutionPolicy;

/** The frozen policy of an execution, read back from {@code ff_exec_core.policy}. */
public final class Policies {

    private Policies() {}

    public static ExecutionPolicy of(ExecCore e) {
        return e.policy == null || e.policy.isEmpty() ? ExecutionPolicy.defaults() : ExecutionPolicy.parse(e.policy);
    }
}
