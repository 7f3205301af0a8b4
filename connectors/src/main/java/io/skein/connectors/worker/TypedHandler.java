package io.skein.connectors.worker;

/**
 * A handler over typed input and output: the execution's JSON input bound to {@code I}, and what it returns written
 * as the attempt's JSON result. Throwing fails the attempt as {@code transient}, as a {@link WorkerHandler} does.
 */
@FunctionalInterface
public interface TypedHandler<I, O> {

    O handle(WorkerContext context, I input) throws Exception;
}
