package io.aio4j.internal.suspend;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Access to the JDK's one-shot delimited continuations ({@code jdk.internal.vm.Continuation}), the engine
 * under virtual threads, used directly by the Continuation suspension backend.
 *
 * <p>The class is internal to {@code java.base}: it is reachable only when the JVM was started with
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}. It is reached through method handles looked up
 * at class initialisation, so this code compiles with {@code --release 21} (which hides the class from javac)
 * and costs no reflection per call: the handles are constants that the JIT inlines.
 * {@link #AVAILABLE} says whether the lookup succeeded; {@link #UNAVAILABLE_REASON} says why not.
 */
public final class Continuations {
    /** The JVM flag that makes this backend available. */
    public static final String REQUIRED_FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";

    /** Whether continuations can be created on this JVM. */
    public static final boolean AVAILABLE;
    /** Why {@link #AVAILABLE} is false, or null. */
    public static final String UNAVAILABLE_REASON;

    private static final Object SCOPE;
    private static final MethodHandle NEW;
    private static final MethodHandle RUN;
    private static final MethodHandle YIELD;
    private static final MethodHandle IS_DONE;

    static {
        Object scope = null;
        MethodHandle create = null, run = null, yield = null, isDone = null;
        String reason = null;
        try {
            Class<?> cont = Class.forName("jdk.internal.vm.Continuation");
            Class<?> scopeType = Class.forName("jdk.internal.vm.ContinuationScope");
            // lookup(), not publicLookup(): only a full-privilege lookup honours the qualified export to
            // ALL-UNNAMED that the flag adds.
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            scope = lookup.findConstructor(scopeType, MethodType.methodType(void.class, String.class))
                    .invoke("aio4j");
            create = lookup.findConstructor(cont, MethodType.methodType(void.class, scopeType, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            run = lookup.findVirtual(cont, "run", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            yield = lookup.findStatic(cont, "yield", MethodType.methodType(boolean.class, scopeType))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            isDone = lookup.findVirtual(cont, "isDone", MethodType.methodType(boolean.class))
                    .asType(MethodType.methodType(boolean.class, Object.class));
        } catch (Throwable t) {
            reason = "jdk.internal.vm.Continuation is not accessible (" + t.getClass().getSimpleName() + ": "
                    + t.getMessage() + "); start the JVM with " + REQUIRED_FLAG;
        }
        AVAILABLE = reason == null;
        UNAVAILABLE_REASON = reason;
        SCOPE = scope;
        NEW = create;
        RUN = run;
        YIELD = yield;
        IS_DONE = isDone;
    }

    private Continuations() {}

    /** Creates a continuation that will run {@code body} when first {@linkplain #run run}. */
    public static Object create(Runnable body) {
        try {
            return (Object) NEW.invokeExact(SCOPE, body);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Mounts {@code continuation} on this thread and runs it until it yields or finishes. */
    public static void run(Object continuation) {
        try {
            RUN.invokeExact(continuation);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Suspends the innermost continuation of our scope, returning to the caller of its {@link #run}.
     *
     * @throws IllegalStateException if the stack cannot be unmounted (a native frame or critical section)
     */
    public static void yieldNow() {
        boolean yielded;
        try {
            yielded = (boolean) YIELD.invokeExact(SCOPE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (!yielded) {
            throw new IllegalStateException("the continuation could not yield (its stack is pinned)");
        }
    }

    /** Whether the continuation's body has returned. */
    public static boolean isDone(Object continuation) {
        try {
            return (boolean) IS_DONE.invokeExact(continuation);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
