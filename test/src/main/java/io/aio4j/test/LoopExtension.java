package io.aio4j.test;

import io.aio4j.Backend;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.Future;
import io.aio4j.Runner;
import io.aio4j.Task;
import io.aio4j.VirtualTimeLoop;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link RunOnLoop}: a fresh loop per test, the test method run as a task on it,
 * and the checks after it. Registered by the annotation; use {@code @ExtendWith(LoopExtension.class)} alone only to
 * get the default settings.
 * <dl>
 *   <dt>asyncio</dt><dd>what {@code unittest.IsolatedAsyncioTestCase} does around each test.</dd>
 *   <dt>Threading</dt><dd>JUnit calls it; the test body runs on the loop (for the virtual-thread backend, on a
 *   virtual thread), so JUnit's {@code @Timeout} with {@code SEPARATE_THREAD} and a plain {@code @Timeout} both
 *   work.</dd>
 * </dl>
 */
public final class LoopExtension implements BeforeEachCallback, AfterEachCallback, InvocationInterceptor,
        ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LoopExtension.class);

    /** What one test's loop is: kept in the test's store between the callbacks. */
    private record TestLoop(EventLoop loop, VirtualTimeLoop virtualTime, List<ExceptionContext> reports) {
        void close() {
            if (!loop.isClosed()) {
                new Runner(loop).close();
            }
        }
    }

    /** Creates the extension (JUnit does, through {@link RunOnLoop}). */
    public LoopExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        RunOnLoop settings = settings(context);
        if (settings.backend().length > 1) {
            throw new ExtensionConfigurationException("@RunOnLoop(backend = ...) takes at most one backend, got "
                    + settings.backend().length + " on " + context.getDisplayName());
        }
        Backend backend = settings.backend().length == 0 ? Backend.select() : settings.backend()[0];
        VirtualTimeLoop virtualTime = settings.virtualTime() ? VirtualTimeLoop.create(backend) : null;
        EventLoop loop = virtualTime != null ? virtualTime.loop() : EventLoop.newEventLoop(backend);
        loop.setDebug(settings.debug());
        List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
        loop.setExceptionHandler((l, report) -> reports.add(report));
        context.getStore(NAMESPACE).put(TestLoop.class, new TestLoop(loop, virtualTime, reports));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestLoop test = context.getStore(NAMESPACE).remove(TestLoop.class, TestLoop.class);
        if (test != null) {
            test.close(); // after a failure in the body or the checks: never leave a loop open
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        runOnLoop(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext context) throws Throwable {
        runOnLoop(invocation, context);
    }

    private void runOnLoop(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        TestLoop test = context.getStore(NAMESPACE).get(TestLoop.class, TestLoop.class);
        Task<Void> body = test.loop().createTask(asCoroutine(invocation), "test " + context.getDisplayName());
        Throwable failure = null;
        try {
            test.loop().runUntilComplete(body);
        } catch (CompletionException wrapped) {
            failure = wrapped.getCause() != null ? wrapped.getCause() : wrapped;
        } catch (Throwable t) {
            failure = t;
        }
        AssertionError leftovers = checkLeftovers(test);
        if (failure != null) {
            if (leftovers != null) {
                failure.addSuppressed(leftovers);
            }
            throw failure;
        }
        if (leftovers != null) {
            throw leftovers;
        }
    }

    /** The test body as a coroutine: JUnit's invocation throws Throwable, a coroutine only Exception. */
    private static Coroutine<Void> asCoroutine(Invocation<Void> invocation) {
        return () -> {
            try {
                return invocation.proceed();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable other) {
                throw new CompletionException(other);
            }
        };
    }

    /**
     * Cancels and awaits the tasks the test left pending, reports failures nobody retrieved, closes the loop, and
     * describes everything that went to the exception handler; null if all is clean.
     */
    private static AssertionError checkLeftovers(TestLoop test) {
        EventLoop loop = test.loop();
        Set<Task<?>> pending = loop.allTasks();
        List<String> problems = new ArrayList<>();
        if (!pending.isEmpty()) {
            List<String> names = pending.stream().map(LoopExtension::describe).sorted().toList();
            problems.add("the test left " + pending.size() + " task(s) pending, now cancelled: "
                    + String.join(", ", names));
        }
        test.close(); // cancels and awaits the pending tasks, like asyncio.run
        loop.reportUnretrievedExceptions();
        for (ExceptionContext report : test.reports()) {
            problems.add(describe(report));
        }
        if (problems.isEmpty()) {
            return null;
        }
        AssertionError error = new AssertionError("@RunOnLoop: " + problems.size() + " problem(s) after the test body:"
                + "\n  - " + String.join("\n  - ", problems));
        for (ExceptionContext report : test.reports()) {
            if (report.exception() != null) {
                error.addSuppressed(report.exception());
            }
        }
        return error;
    }

    private static String describe(Task<?> task) {
        return task.getName() + " (" + task.getCoro() + ")";
    }

    private static String describe(ExceptionContext report) {
        StringBuilder sb = new StringBuilder(report.message());
        if (report.exception() != null) {
            sb.append(" [").append(report.exception()).append(']');
        }
        Future<?> future = report.future();
        if (future != null && !report.message().contains(String.valueOf(future))) {
            sb.append(" (").append(future).append(')');
        }
        if (report.sourceTraceback() != null && report.sourceTraceback().getStackTrace().length > 0) {
            sb.append(", created at ").append(report.sourceTraceback().getStackTrace()[0]);
        }
        return sb.toString();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == EventLoop.class || type == VirtualTimeLoop.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        TestLoop test = extensionContext.getStore(NAMESPACE).get(TestLoop.class, TestLoop.class);
        if (test == null) {
            throw new ExtensionConfigurationException("@RunOnLoop: an EventLoop or VirtualTimeLoop parameter is "
                    + "only available to test methods (not to constructors or @BeforeAll/@AfterAll methods)");
        }
        if (parameterContext.getParameter().getType() == EventLoop.class) {
            return test.loop();
        }
        if (test.virtualTime() == null) {
            throw new ExtensionConfigurationException("@RunOnLoop(virtualTime = false) gives a real-time loop: "
                    + "take an EventLoop parameter, or drop virtualTime = false to get a VirtualTimeLoop");
        }
        return test.virtualTime();
    }

    private static RunOnLoop settings(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        Optional<RunOnLoop> onMethod = element.flatMap(e -> AnnotationSupport.findAnnotation(e, RunOnLoop.class));
        if (onMethod.isPresent()) {
            return onMethod.get();
        }
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            Optional<RunOnLoop> onClass = AnnotationSupport.findAnnotation(type, RunOnLoop.class);
            if (onClass.isPresent()) {
                return onClass.get();
            }
        }
        return Defaults.INSTANCE;
    }

    /** The settings of {@code @ExtendWith(LoopExtension.class)} without the annotation. */
    @RunOnLoop
    private static final class Defaults {
        static final RunOnLoop INSTANCE = Defaults.class.getAnnotation(RunOnLoop.class);
    }
}
