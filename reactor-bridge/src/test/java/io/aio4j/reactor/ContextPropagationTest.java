package io.aio4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.ContextVar;
import io.aio4j.Task;
import io.micrometer.context.ContextRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Thread-locals (real SLF4J MDC, through logback) and {@link ContextVarAccessor}-exposed variables across tasks and
 * the Reactor bridge, with {@link AioContextPropagation} on. Each case fails with it off.
 */
abstract class ContextPropagationTest extends BridgeTestBase {
    static final class VirtualThreadsTest extends ContextPropagationTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends ContextPropagationTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    /** The MDC entry the cases use, and the key it has in snapshots and Reactor contexts. */
    private static final String MDC_KEY = "request";
    private static final String ACCESSOR_KEY = "mdc.request";
    private static final String TENANT_KEY = "tenant";
    private static final ContextVar<String> TENANT = ContextVar.named("tenant");
    /** A variable with no accessor: it crosses as before, keyed by itself. */
    private static final ContextVar<String> USER = ContextVar.named("user");

    @BeforeEach
    void enablePropagation() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(ACCESSOR_KEY,
                () -> MDC.get(MDC_KEY), value -> MDC.put(MDC_KEY, value), () -> MDC.remove(MDC_KEY));
        ContextRegistry.getInstance().registerThreadLocalAccessor(ContextVarAccessor.of(TENANT_KEY, TENANT));
        AioContextPropagation.enable();
    }

    @AfterEach
    void disablePropagation() {
        AioContextPropagation.disable();
        ContextRegistry.getInstance().removeThreadLocalAccessor(ACCESSOR_KEY);
        ContextRegistry.getInstance().removeThreadLocalAccessor(TENANT_KEY);
        MDC.clear();
    }

    @Test
    void mdcCapturedByReactorIsVisibleInTheTaskOfAMono() throws Exception {
        startLoop();
        Mono<String> mono = AioReactor.mono(loop, () -> {
            String first = MDC.get(MDC_KEY);
            Async.sleep(Duration.ofMillis(1));
            return first + "/" + MDC.get(MDC_KEY); // still there after an await
        });

        MDC.put(MDC_KEY, "r-1");
        String seen = mono.contextCapture().block(WAIT); // Reactor captures this thread's MDC into its context
        MDC.remove(MDC_KEY);

        assertThat(seen).isEqualTo("r-1/r-1");
        assertThat(onLoop(() -> String.valueOf(MDC.get(MDC_KEY)))).as("the loop's thread afterwards").isEqualTo("null");
    }

    @Test
    void mdcDoesNotLeakBetweenTasksOfALoop() {
        String seen = run(() -> {
            // Run to completion one after the other: the same thread under both backends (a free strand runs the
            // next new task itself).
            Task<String> setter = Async.createTask(() -> {
                MDC.put(MDC_KEY, "a");
                return "set";
            });
            Task<String> next = Async.createTask(() -> String.valueOf(MDC.get(MDC_KEY)));
            // Interleaved on one loop: each keeps its own value across awaits.
            Task<String> left = Async.createTask(() -> {
                MDC.put(MDC_KEY, "left");
                Async.sleep(Duration.ZERO);
                return MDC.get(MDC_KEY);
            });
            Task<String> right = Async.createTask(() -> {
                String before = String.valueOf(MDC.get(MDC_KEY));
                MDC.put(MDC_KEY, "right");
                Async.sleep(Duration.ZERO);
                return before + "," + MDC.get(MDC_KEY);
            });
            return setter.await() + " " + next.await() + " " + left.await() + " " + right.await() + " "
                    + MDC.get(MDC_KEY);
        });
        assertThat(seen).isEqualTo("set null left null,right null");
    }

    @Test
    void mdcSetInATaskReachesTheReactorContextOfAMonoItAwaits() {
        String seen = run(() -> {
            // With a variable set, the task shows Reactor a non-empty context, which Reactor's automatic mode would
            // take as it is (it captures thread-locals itself only into an empty one): the bridge must add MDC.
            USER.set("ada");
            MDC.put(MDC_KEY, "t-1");
            // Reactor's operators restore MDC from this entry (tap, handle, automatic propagation on any thread).
            return AioReactor.await(Mono.deferContextual(ctx -> Mono.just(
                    ctx.getOrDefault(ACCESSOR_KEY, "none") + " " + ctx.getOrDefault(USER, "none"))));
        });
        assertThat(seen).isEqualTo("t-1 ada");
    }

    @Test
    void aContextVarRoundTripsThroughReactorUnderItsAccessorKey() throws Exception {
        String upstream = run(() -> {
            TENANT.set("acme");
            return AioReactor.await(Mono.deferContextual(ctx -> Mono.just(ctx.getOrDefault(TENANT_KEY, "none"))));
        });
        assertThat(upstream).as("task to Reactor").isEqualTo("acme");

        startLoop();
        String inTask = AioReactor.mono(loop, () -> TENANT.get("unset"))
                .contextWrite(Context.of(TENANT_KEY, "globex"))
                .block(WAIT);
        assertThat(inTask).as("Reactor to task").isEqualTo("globex");
    }
}
