package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A convention as a test (STYLE rule 22, RxJava's {@code ParamValidationCheckerTest}): every public method and
 * constructor of the core facade types, given {@code null} for one reference parameter at a time, throws
 * {@link NullPointerException} whose message names that parameter. Parameter names come from the class files,
 * so this needs {@code -parameters} (set in the parent POM). No CPython counterpart.
 */
abstract class NullArgumentsTest extends LoopTestBase {
    static final class VirtualThreadsTest extends NullArgumentsTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends NullArgumentsTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static final List<Class<?>> TYPES = List.of(
            EventLoop.class, Future.class, Task.class, Async.class, Runner.class, TaskOptions.class,
            ExceptionContext.class, Context.class, ContextVar.class, AsyncGenerator.class, Condition.class,
            Queue.class, PriorityQueue.class, LifoQueue.class, TaskGroup.class, Timeout.class,
            io.aio4j.reactive.Reactive.class, EventLoopGroup.class, VirtualTimeLoop.class,
            LoopInstrumentation.class, io.aio4j.streams.Streams.class, io.aio4j.streams.StreamReader.class,
            io.aio4j.streams.Subprocess.class, io.aio4j.streams.SubprocessOptions.class,
            io.aio4j.streams.DatagramEndpoint.class, io.aio4j.streams.Datagram.class,
            io.aio4j.streams.TlsOptions.class);

    /** Parameters documented as nullable, as "Type.method.parameter" ("Type.<init>.parameter" for constructors). */
    private static final Set<String> NULLABLE = Set.of(
            "Future.setResult.value",
            "Future.cancel.message",
            "Task.cancel.message",
            "EventLoop.setExceptionHandler.handler",
            "EventLoop.setTaskFactory.factory",
            "EventLoopGroup.setExceptionHandler.handler",
            "Async.sleep.result",
            "TaskOptions.<init>.name",
            "TaskOptions.<init>.context",
            "EventLoop.runInExecutor.executor",
            "ContextVar.withDefault.defaultValue",
            "ContextVar.get.fallback",
            "ContextVar.set.value",
            "ExceptionContext.<init>.exception",
            "ExceptionContext.<init>.future",
            "ExceptionContext.<init>.handle",
            "ExceptionContext.<init>.sourceTraceback",
            "ExceptionContext.of.exception",
            // Task does not support these at all: they throw UnsupportedOperationException whatever the argument.
            "Task.setResult.value",
            "Task.setException.error",
            "Reactive.firstOrDefault.defaultValue",
            "Reactive.singleOrDefault.defaultValue",
            "Reactive.lastOrDefault.defaultValue",
            // null is every interface, as in asyncio's start_server(host=None).
            "Async.startServer.host",
            "Streams.startServer.host",
            // asyncio's None: no input, this JVM's directory, this JVM's environment.
            "Subprocess.communicate.input",
            "SubprocessOptions.<init>.cwd",
            "SubprocessOptions.<init>.env",
            "SubprocessOptions.withCwd.cwd",
            "SubprocessOptions.withEnv.env",
            // Either may be null (not both), as asyncio's local_addr=None / remote_addr=None.
            "DatagramEndpoint.create.localAddr",
            "DatagramEndpoint.create.remoteAddr",
            // null is the host given to openConnection, as asyncio's server_hostname=None.
            "TlsOptions.<init>.serverHostname");

    /** Methods every object or record has; not part of the API under test. */
    private static final Set<String> INHERITED = Set.of("equals", "hashCode", "toString");

    private Map<Class<?>, Supplier<Object>> validArguments() {
        return Map.ofEntries(
                Map.entry(Backend.class, this::backend),
                Map.entry(Runnable.class, () -> (Runnable) () -> { }),
                Map.entry(Coroutine.class, () -> (Coroutine<Object>) () -> null),
                Map.entry(Awaitable.class, () -> (Coroutine<Object>) () -> null),
                Map.entry(Duration.class, () -> Duration.ZERO),
                Map.entry(String.class, () -> "name"),
                Map.entry(TaskOptions.class, () -> TaskOptions.DEFAULT),
                Map.entry(ExceptionContext.class, () -> ExceptionContext.of("message", null)),
                Map.entry(ExceptionHandler.class, () -> recorder),
                Map.entry(EventLoop.class, () -> newTrackedLoop(true)),
                Map.entry(Consumer.class, () -> (Consumer<Object>) x -> { }),
                Map.entry(Throwable.class, () -> new Boom("argument")),
                Map.entry(Future.class, () -> loop.createFuture()),
                Map.entry(Handle.class, () -> loop.callSoon(() -> { })),
                Map.entry(Object.class, () -> "value"),
                Map.entry(Context.class, Context::new),
                Map.entry(Lock.class, Lock::new),
                Map.entry(ReturnWhen.class, () -> ReturnWhen.ALL_COMPLETED),
                Map.entry(GatherOptions.class, () -> GatherOptions.RETURN_EXCEPTIONS),
                Map.entry(java.util.Collection.class, () -> List.of(loop.createFuture())),
                Map.entry(Awaitable[].class, () -> new Awaitable<?>[] {loop.createFuture()}),
                Map.entry(TaskGroup.Body.class, () -> (TaskGroup.Body<Object>) group -> null),
                Map.entry(int.class, () -> 1),
                Map.entry(java.util.function.BooleanSupplier.class,
                        () -> (java.util.function.BooleanSupplier) () -> true),
                Map.entry(java.util.Comparator.class, java.util.Comparator::naturalOrder),
                Map.entry(AsyncGenerator.Body.class, () -> (AsyncGenerator.Body<Object>) out -> { }),
                Map.entry(java.util.concurrent.Executor.class, () -> (java.util.concurrent.Executor) Runnable::run),
                Map.entry(java.util.concurrent.ExecutorService.class,
                        java.util.concurrent.Executors::newVirtualThreadPerTaskExecutor),
                Map.entry(java.util.concurrent.CompletionStage.class,
                        () -> java.util.concurrent.CompletableFuture.completedFuture("v")),
                Map.entry(ContextVar.class, () -> ContextVar.named("v")),
                Map.entry(java.util.concurrent.Callable.class, () -> (java.util.concurrent.Callable<Object>) () -> null),
                Map.entry(org.reactivestreams.Publisher.class, () -> loop.createFuture()),
                Map.entry(java.util.concurrent.Flow.Publisher.class,
                        () -> io.aio4j.reactive.Reactive.toFlow(loop.createFuture())),
                Map.entry(double.class, () -> 0.0),
                Map.entry(boolean.class, () -> false),
                Map.entry(java.nio.channels.SelectableChannel.class, NullArgumentsTest::nonBlockingPipeEnd),
                Map.entry(io.aio4j.streams.ClientConnectedCallback.class,
                        () -> (io.aio4j.streams.ClientConnectedCallback) (r, w) -> { }),
                Map.entry(io.aio4j.streams.StreamOptions.class, () -> io.aio4j.streams.StreamOptions.DEFAULT),
                Map.entry(byte[].class, () -> new byte[] {1}),
                Map.entry(String[].class, () -> new String[] {"arg"}),
                Map.entry(io.aio4j.streams.SubprocessOptions.class, () -> io.aio4j.streams.SubprocessOptions.DEFAULT),
                Map.entry(io.aio4j.streams.Stdio.class, () -> io.aio4j.streams.Stdio.PIPE),
                Map.entry(java.nio.file.Path.class, () -> java.nio.file.Path.of("/")),
                Map.entry(Map.class, Map::of),
                Map.entry(java.net.InetSocketAddress.class, () -> new java.net.InetSocketAddress("127.0.0.1", 9)),
                Map.entry(io.aio4j.streams.TlsOptions.class, () -> io.aio4j.streams.TlsOptions.of(defaultTls())),
                Map.entry(io.aio4j.streams.ClientAuth.class, () -> io.aio4j.streams.ClientAuth.REQUIRED),
                Map.entry(javax.net.ssl.SSLContext.class, NullArgumentsTest::defaultTls));
    }

    private static javax.net.ssl.SSLContext defaultTls() {
        try {
            return javax.net.ssl.SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A channel the loop could watch; never registered here, since every call under test gets a null. */
    private static Object nonBlockingPipeEnd() {
        try {
            java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
            pipe.sink().close();
            pipe.source().configureBlocking(false);
            return pipe.source();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The groups made as receivers: each runs threads, so each is closed after the test. */
    private final List<EventLoopGroup> groups = new ArrayList<>();

    @AfterEach
    final void closeGroups() {
        groups.forEach(EventLoopGroup::close);
    }

    /** A fresh, idle receiver for an instance method of {@code type}. */
    private Object receiver(Class<?> type) {
        if (type == EventLoopGroup.class) {
            EventLoopGroup group = EventLoopGroup.create(1, backend());
            group.setExceptionHandler(recorder);
            groups.add(group);
            return group;
        }
        if (type == EventLoop.class) {
            return newTrackedLoop(true);
        }
        if (type == Future.class) {
            return loop.createFuture();
        }
        if (type == Task.class) {
            return loop.createTask(() -> null);
        }
        if (type == Runner.class) {
            return new Runner(newTrackedLoop(true));
        }
        if (type == TaskOptions.class) {
            return TaskOptions.DEFAULT;
        }
        if (type == ExceptionContext.class) {
            return ExceptionContext.of("message", null);
        }
        if (type == Context.class) {
            return new Context();
        }
        if (type == ContextVar.class) {
            return ContextVar.named("v");
        }
        if (type == Condition.class) {
            return new Condition();
        }
        if (type == Queue.class) {
            return new Queue<>();
        }
        if (type == PriorityQueue.class) {
            return new PriorityQueue<>();
        }
        if (type == LifoQueue.class) {
            return new LifoQueue<>();
        }
        if (type == TaskGroup.class) {
            return new TaskGroup();
        }
        if (type == Timeout.class) {
            return Async.timeoutAt(Double.POSITIVE_INFINITY);
        }
        if (type == io.aio4j.streams.StreamReader.class) {
            return new io.aio4j.streams.StreamReader();
        }
        if (type == io.aio4j.streams.TlsOptions.class) {
            return io.aio4j.streams.TlsOptions.of(defaultTls());
        }
        if (type == io.aio4j.streams.SubprocessOptions.class) {
            return io.aio4j.streams.SubprocessOptions.DEFAULT;
        }
        if (type == io.aio4j.streams.DatagramEndpoint.class) {
            // Closed with the loop after the test; never used, since every call under test gets a null first.
            return loop.runUntilComplete((Coroutine<Object>) () -> io.aio4j.streams.DatagramEndpoint.create(
                    new java.net.InetSocketAddress("127.0.0.1", 0), null));
        }
        if (type == AsyncGenerator.class) {
            return AsyncGenerator.of(out -> { });
        }
        if (type == VirtualTimeLoop.class) {
            return new VirtualTimeLoop(newTrackedLoop(true));
        }
        throw new AssertionError("no receiver for " + type);
    }

    private static List<Executable> publicExecutables(Class<?> type) {
        List<Executable> all = new ArrayList<>();
        for (Constructor<?> c : type.getConstructors()) {
            all.add(c);
        }
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()
                    && !INHERITED.contains(m.getName())) {
                all.add(m);
            }
        }
        return all;
    }

    @Test
    void everyReferenceParameterRejectsNullWithAMessageNamingIt() throws Exception {
        Map<Class<?>, Supplier<Object>> valid = validArguments();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Class<?> type : TYPES) {
            for (Executable executable : publicExecutables(type)) {
                Parameter[] params = executable.getParameters();
                String name = type.getSimpleName() + "." + (executable instanceof Constructor ? "<init>"
                        : executable.getName());
                for (int i = 0; i < params.length; i++) {
                    if (params[i].getType().isPrimitive()) {
                        continue;
                    }
                    if (!params[i].isNamePresent()) {
                        problems.add(name + ": parameter names missing from the class file (compile with "
                                + "-parameters)");
                        continue;
                    }
                    String paramName = params[i].getName();
                    if (NULLABLE.contains(name + "." + paramName)) {
                        continue;
                    }
                    Object[] args = new Object[params.length];
                    for (int j = 0; j < params.length; j++) {
                        if (j != i) {
                            Supplier<Object> supplier = valid.get(params[j].getType());
                            assertThat(supplier).as("a valid argument of type " + params[j].getType()).isNotNull();
                            args[j] = supplier.get();
                        }
                    }
                    checked++;
                    String problem = invokeExpectingNpe(executable, type, args, paramName);
                    if (problem != null) {
                        problems.add(name + "(" + paramName + " = null): " + problem);
                    }
                }
            }
        }
        assertThat(checked).as("parameters checked").isGreaterThan(25);
        assertThat(problems).as("null arguments not rejected as documented").isEmpty();
    }

    private String invokeExpectingNpe(Executable executable, Class<?> type, Object[] args, String paramName)
            throws ReflectiveOperationException {
        Throwable thrown;
        try {
            if (executable instanceof Constructor<?> c) {
                c.newInstance(args);
            } else {
                Method m = (Method) executable;
                m.invoke(Modifier.isStatic(m.getModifiers()) ? null : receiver(type), args);
            }
            return "returned normally";
        } catch (InvocationTargetException e) {
            thrown = e.getCause();
        }
        if (!(thrown instanceof NullPointerException)) {
            return "threw " + thrown;
        }
        if (thrown.getMessage() == null || !thrown.getMessage().contains(paramName)) {
            return "NullPointerException does not name the parameter: " + thrown.getMessage();
        }
        return null;
    }
}
