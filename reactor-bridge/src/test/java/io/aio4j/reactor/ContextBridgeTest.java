package io.aio4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.ContextVar;
import io.aio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** Reactor {@code Context} and {@link ContextVar}s, both ways, through {@link AioReactor}. */
abstract class ContextBridgeTest extends BridgeTestBase {
    static final class VirtualThreadsTest extends ContextBridgeTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends ContextBridgeTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    static final ContextVar<String> USER = ContextVar.named("user");
    static final ContextVar<String> TRACE = ContextVar.withDefault("trace", "no trace");

    // ------------------------------------------------------------------ Reactor context into tasks

    @Test
    void theTaskOfAMonoSeesTheContextVarsOfTheSubscribersContext() {
        startLoop();
        Mono<String> mono = AioReactor.mono(loop, () -> {
            Task<String> child = Async.createTask(() -> USER.get() + "/" + TRACE.get());
            return child.await(); // a task it creates inherits them too
        });

        StepVerifier.create(mono.contextWrite(Context.of(USER, "ada", TRACE, "t-1", "not a var", "ignored")))
                .expectNext("ada/t-1").expectComplete().verify(WAIT);
        StepVerifier.create(mono.contextWrite(Context.of(USER, "bob")))
                .expectNext("bob/no trace").expectComplete().verify(WAIT);
    }

    @Test
    void theBodyOfAFluxSeesTheContextVarsOfTheSubscribersContext() {
        startLoop();
        Flux<String> flux = AioReactor.flux(loop, out -> {
            out.emit(USER.get());
            Async.sleep(Duration.ZERO);
            out.emit(USER.get());
        });

        StepVerifier.create(flux.contextWrite(Context.of(USER, "ada")))
                .expectNext("ada", "ada").expectComplete().verify(WAIT);
    }

    @Test
    void operatorsDownstreamOfATasksMonoSeeTheVariablesTheTaskSet() {
        startLoop();
        Mono<String> mono = AioReactor.mono(loop, () -> {
            TRACE.set("set-by-task");
            Async.sleep(Duration.ZERO);
            return "v";
        }).map(v -> v + " " + TRACE.get()); // runs inside onNext, on the loop, in the task's context

        StepVerifier.create(mono).expectNext("v set-by-task").expectComplete().verify(WAIT);
    }

    @Test
    void withoutContextVarsInTheContextTheTaskSeesNone() {
        startLoop();
        StepVerifier.create(AioReactor.mono(loop, () -> USER.get("unset")).contextWrite(Context.of("k", "v")))
                .expectNext("unset").expectComplete().verify(WAIT);
    }

    @Test
    void whatTheTaskSetsDoesNotLeakBackToTheAwaitingTask() {
        String after = run(() -> {
            USER.set("outer");
            String inner = AioReactor.await(AioReactor.mono(Async.getRunningLoop(), () -> {
                String seen = USER.get();
                USER.set("inner");
                return seen;
            }));
            assertThat(inner).isEqualTo("outer");
            return USER.get();
        });
        assertThat(after).isEqualTo("outer");
    }

    // ------------------------------------------------------------------ task context upstream

    @Test
    void anAwaitedMonoSeesTheAwaitingTasksVarsAsContextEntries() {
        String seen = run(() -> {
            USER.set("ada");
            return AioReactor.await(Mono.deferContextual(ctx -> Mono.just(
                    ctx.get(USER) + "," + ctx.hasKey(USER) + "," + ctx.getOrDefault(TRACE, "none") + ","
                            + ctx.getOrEmpty(USER).isPresent())));
        });
        assertThat(seen).isEqualTo("ada,true,none,true");
    }

    @Test
    void theEntriesCanBeEnumeratedAndExtendedUpstream() {
        String seen = run(() -> {
            USER.set("ada");
            TRACE.set("t-1");
            return AioReactor.await(Mono.deferContextual(ctx -> Mono.just(ctx.size() + " "
                    + ctx.stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(",")))
            ).contextWrite(Context.of("k", "v")));
        });
        assertThat(seen).isEqualTo("3 ContextVar[trace, default=no trace]=t-1,ContextVar[user]=ada,k=v");
    }

    @Test
    void aContextWriteUpstreamOverridesTheTasksValue() {
        String seen = run(() -> {
            USER.set("task");
            return AioReactor.await(Mono.deferContextual(ctx -> Mono.just(ctx.<String>get(USER)))
                    .contextWrite(Context.of(USER, "written")));
        });
        assertThat(seen).isEqualTo("written");
    }

    @Test
    void aTaskWithoutVarsShowsAnEmptyContextAndANullValueIsNoEntry() {
        List<Object> seen = run(() -> {
            List<Object> out = new ArrayList<>();
            out.add(AioReactor.await(Mono.deferContextual(ctx -> Mono.just(ctx.isEmpty()))));
            USER.set(null);
            out.add(AioReactor.await(Mono.deferContextual(ctx -> Mono.just(ctx.hasKey(USER) + "/" + ctx.size()))));
            return out;
        });
        assertThat(seen).containsExactly(true, "false/0");
    }

    @Test
    void awaitListAndIterateShowTheVarsToo() {
        List<String> seen = run(() -> {
            USER.set("ada");
            Flux<String> flux = Flux.deferContextual(ctx -> Flux.just(ctx.<String>get(USER), "x"));
            List<String> out = new ArrayList<>(AioReactor.awaitableList(flux).await());
            try (var items = AioReactor.iterate(flux)) {
                for (String s : items) {
                    out.add(s);
                }
            }
            return out;
        });
        assertThat(seen).containsExactly("ada", "x", "ada", "x");
    }

    @Test
    void theContextSeenUpstreamIsTheOneAtSubscription() {
        List<String> seen = run(() -> {
            USER.set("before");
            List<String> out = new ArrayList<>();
            Flux<String> perItem = Flux.range(0, 3).concatMap(
                    i -> Mono.deferContextual(ctx -> Mono.just(ctx.<String>get(USER))), 1);
            try (var items = AioReactor.iterate(perItem, 1)) {
                for (String s : items) {
                    out.add(s);
                    USER.set("after"); // set once iteration has subscribed: not seen upstream
                }
            }
            return out;
        });
        assertThat(seen).containsExactly("before", "before", "before");
    }

    @Test
    void theVarsReachUpstreamOnOtherThreads() {
        String seen = run(() -> {
            USER.set("ada");
            return AioReactor.await(Mono.delay(Duration.ofMillis(1), Schedulers.parallel())
                    .flatMap(tick -> Mono.deferContextual(ctx -> Mono.just(ctx.<String>get(USER)))));
        });
        assertThat(seen).isEqualTo("ada");
    }

    @Test
    void roundTripThroughAMonoAndAFluxOfTheLoop() {
        List<String> seen = run(() -> {
            USER.set("ada");
            List<String> out = new ArrayList<>();
            out.add(AioReactor.await(AioReactor.mono(Async.getRunningLoop(), USER::get)));
            out.addAll(AioReactor.awaitableList(AioReactor.<String>flux(Async.getRunningLoop(),
                    emitter -> emitter.emit(USER.get()))).await());
            return out;
        });
        assertThat(seen).containsExactly("ada", "ada");
    }

    @Test
    void theReactorViewAnswersLikeAReactorContext() {
        io.aio4j.Context vars = new io.aio4j.Context();
        vars.run(() -> {
            USER.set("ada");
            TRACE.set(null);
            return null;
        });
        ContextVarsView view = new ContextVarsView(vars);

        assertThat(view.<String>get(USER)).isEqualTo("ada");
        assertThat(view.hasKey(TRACE)).isFalse();
        assertThat(view.hasKey("user")).isFalse();
        assertThat(view.size()).isEqualTo(1);
        assertThat(view.isEmpty()).isFalse();
        assertThat(view.getOrDefault(TRACE, "d")).isEqualTo("d");
        assertThat(view.put("k", "v").size()).isEqualTo(2);
        assertThat(view.delete(USER).isEmpty()).isTrue();
        assertThat(view.putAll(Context.of("k", "v").readOnly()).size()).isEqualTo(2);
        assertThat(view.putAllMap(Map.of("k", "v")).<String>get("k")).isEqualTo("v");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> view.get(TRACE))
                .isInstanceOf(java.util.NoSuchElementException.class);
    }
}
