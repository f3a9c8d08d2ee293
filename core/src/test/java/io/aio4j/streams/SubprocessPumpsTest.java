package io.aio4j.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.aio4j.Backend;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The output pumps of {@link Subprocess} end, so no thread outlives a child's pipes: after the end of the output,
 * after {@link Subprocess#close()}, and when the loop was closed while the child still ran (which kills it).
 * Joins the pump threads (in this package to reach them); no sleeps. No CPython counterpart.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessPumpsTest {
    private static final SubprocessOptions PIPES = SubprocessOptions.DEFAULT.withStdio(Stdio.PIPE, Stdio.PIPE,
            Stdio.PIPE);

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pumpsEndAtTheEndOfTheOutput(Backend backend) throws InterruptedException {
        try (EventLoop loop = EventLoop.newEventLoop(backend)) {
            Subprocess p = loop.runUntilComplete((Coroutine<Subprocess>) () -> {
                Subprocess child = Subprocess.createSubprocessShell("printf out; printf err >&2", PIPES);
                child.communicate();
                return child;
            });
            joinAll(p.pumpThreads());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pumpsEndAfterClose(Backend backend) throws InterruptedException {
        try (EventLoop loop = EventLoop.newEventLoop(backend)) {
            Subprocess p = loop.runUntilComplete((Coroutine<Subprocess>) () -> {
                Subprocess child = Subprocess.createSubprocessExec(PIPES, "sleep", "1000");
                child.close();
                return child;
            });
            joinAll(p.pumpThreads());
            assertThat(loop.runUntilComplete(p::await)).isEqualTo(128 + 9);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void closingTheLoopKillsAChildStillRunningAndEndsItsPumps(Backend backend) throws Exception {
        EventLoop loop = EventLoop.newEventLoop(backend);
        Subprocess p = loop.runUntilComplete(
                (Coroutine<Subprocess>) () -> Subprocess.createSubprocessExec(PIPES, "sleep", "1000"));
        ProcessHandle child = ProcessHandle.of(p.pid()).orElseThrow();
        assertThat(child.isAlive()).isTrue();
        loop.close(); // as it closes the sockets it watches
        child.onExit().get(30, TimeUnit.SECONDS); // killed: without the kill, sleep 1000 would time this out
        assertThat(child.isAlive()).isFalse();
        joinAll(p.pumpThreads());
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        assertThat(threads).hasSize(2);
        for (Thread t : threads) {
            t.join();
            assertThat(t.isAlive()).isFalse();
        }
    }
}
