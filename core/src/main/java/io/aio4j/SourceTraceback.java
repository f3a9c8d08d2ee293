package io.aio4j;

/**
 * Where a future or task was created, recorded in debug mode (asyncio's {@code _source_traceback}) so that a
 * report about it long after ("exception was never retrieved", "destroyed while pending") can say where it came
 * from. A throwable only because that is how a stack travels in Java; it is never thrown.
 *
 * <p>The stack starts at the caller's frame: the frames of aio4j's core (the constructors, {@code createTask}) are
 * left out, as asyncio leaves out its own. Core frames are told apart by the code source they were loaded from,
 * not by package, so that user code in an {@code io.aio4j} package (our own tests) still shows.
 */
final class SourceTraceback extends Throwable {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    SourceTraceback(Future<?> created) {
        // The message must not mention the future: the report may come after it was collected.
        super((created instanceof Task<?> ? "the task" : "the future") + " was created here", null, false, true);
        setStackTrace(WALKER.walk(frames -> frames
                .dropWhile(f -> AwaitSites.isCore(f.getDeclaringClass()))
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new)));
    }

    /** The stack is set from the walker above; the VM's own capture would only be thrown away. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
