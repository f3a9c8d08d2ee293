package io.aio4j;

import io.aio4j.internal.Checks;
import java.util.List;

/**
 * The failures of a {@link TaskGroup}: every exception its tasks and its body raised, in the order they
 * happened (the body's last), never a cancellation. Each is also attached as a {@linkplain #getSuppressed()
 * suppressed} exception, so that a printed stack trace shows them all. A failed group nested in another group's
 * task arrives there as one of the outer group's exceptions.
 * {@snippet :
 * try {
 *     new TaskGroup().run(group -> { ... });
 * } catch (TaskGroupException e) {
 *     for (Throwable failure : e.exceptions()) {
 *         log(failure);
 *     }
 * }
 * }
 * <dl><dt>asyncio</dt><dd>the {@code ExceptionGroup("unhandled errors in a TaskGroup", errors)} that
 * {@code asyncio.TaskGroup} raises. Differences: Java has no {@code except*}; match on {@link #exceptions()}.
 * A checked exception is held as it was thrown, not wrapped.</dd></dl>
 */
public final class TaskGroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Immutable; serializable because {@link List#copyOf} lists are. */
    private final List<Throwable> exceptions;

    /**
     * Creates the exception.
     *
     * @param message    what failed
     * @param exceptions the failures, at least one, none null
     * @throws NullPointerException     if an argument or an element is null
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    public TaskGroupException(String message, List<? extends Throwable> exceptions) {
        super(Checks.notNull(message, "message") + " (" + Checks.notNull(exceptions, "exceptions").size()
                + (exceptions.size() == 1 ? " sub-exception)" : " sub-exceptions)"));
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("exceptions must not be empty: a TaskGroupException carries at "
                    + "least one failure");
        }
        for (int i = 0; i < exceptions.size(); i++) {
            Checks.notNull(exceptions.get(i), "exceptions[" + i + "]");
        }
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            addSuppressed(t);
        }
    }

    /**
     * The failures, in the order they happened.
     * <dl><dt>asyncio</dt><dd>{@code ExceptionGroup.exceptions}.</dd></dl>
     *
     * @return an unmodifiable list of at least one exception
     */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
