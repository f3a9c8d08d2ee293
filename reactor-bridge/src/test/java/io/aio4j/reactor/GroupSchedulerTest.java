package io.aio4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.Backend;
import io.aio4j.EventLoop;
import io.aio4j.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** {@link AioReactor#scheduler(EventLoopGroup)}: Reactor work spread over the loops of a group. */
class GroupSchedulerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private EventLoopGroup group;

    @AfterEach
    void shutDown() {
        if (group != null) {
            group.close();
        }
    }

    /** Which of the group's loops the calling thread runs, or null. */
    private EventLoop currentLoop() {
        return group.loops().stream().filter(EventLoop::inEventLoop).findFirst().orElse(null);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void directTasksGoRoundRobinOverEveryLoop(Backend backend) {
        group = EventLoopGroup.create(2, backend);
        Scheduler scheduler = AioReactor.scheduler(group);
        Set<EventLoop> seen = ConcurrentHashMap.newKeySet();
        List<Boolean> onALoop = Flux.range(0, 8)
                .flatMap(i -> Mono.fromCallable(() -> {
                    EventLoop l = currentLoop();
                    if (l != null) {
                        seen.add(l);
                    }
                    return l != null;
                }).subscribeOn(scheduler))
                .collectList().block(WAIT);
        assertThat(onALoop).hasSize(8).containsOnly(true);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(group.loops());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aWorkerStaysOnOneLoopSoItsTasksKeepTheirOrder(Backend backend) {
        group = EventLoopGroup.create(2, backend);
        Scheduler scheduler = AioReactor.scheduler(group);
        List<String> loopsSeen = Flux.range(0, 20).publishOn(scheduler)
                .map(i -> String.valueOf(currentLoop())).distinct().collectList().block(WAIT);
        assertThat(loopsSeen).hasSize(1).doesNotContain("null");
        List<Integer> order = Flux.range(0, 100).publishOn(scheduler).collectList().block(WAIT);
        assertThat(order).isSorted().hasSize(100);
    }

    @Test
    void disposingTheSchedulerLeavesTheGroupRunning() {
        group = EventLoopGroup.create(2);
        Scheduler scheduler = AioReactor.scheduler(group);
        scheduler.dispose();
        assertThat(scheduler.isDisposed()).isTrue();
        assertThatThrownBy(() -> scheduler.schedule(() -> { }))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
        assertThat(group.submit(() -> "still running").join()).isEqualTo("still running");
    }
}
