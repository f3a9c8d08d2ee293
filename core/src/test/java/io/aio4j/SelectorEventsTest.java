package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loop's I/O seam: {@link EventLoop#addReader}/{@link EventLoop#addWriter} and the selector as the idle wait,
 * after CPython's {@code test_selector_events.py} (the add/remove reader/writer cases of {@code BaseSelectorEventLoop})
 * and the wake-up cases of {@code test_base_events.py}. Real pipes, real-time loops.
 */
abstract class SelectorEventsTest extends LoopTestBase {
    static final class VirtualThreadsTest extends SelectorEventsTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends SelectorEventsTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private Pipe pipe;

    @Override
    boolean virtualTime() {
        return false; // readiness is real time: a virtual clock would jump timers past the I/O
    }

    @BeforeEach
    final void pipe() throws Exception {
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
    }

    @AfterEach
    final void closePipe() throws Exception {
        pipe.source().close();
        pipe.sink().close();
    }

    private void send(String s) throws Exception {
        pipe.sink().write(ByteBuffer.wrap(s.getBytes()));
    }

    private String receive() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(100);
        pipe.source().read(b);
        return new String(b.array(), 0, b.position());
    }

    @Test
    void aLoopThatWatchesNoChannelHasNoSelector() {
        run(() -> {
            Async.sleep(Duration.ofMillis(1));
            return null;
        });
        assertThat(loop.watchedChannels()).isZero();
        assertThat(loopInbox().ioIfAny()).isNull();
    }

    private Inbox loopInbox() {
        try {
            var f = EventLoop.class.getDeclaredField("inbox");
            f.setAccessible(true);
            return (Inbox) f.get(loop);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void addReaderRunsTheCallbackWhenTheChannelIsReadable() throws Exception {
        List<String> got = new ArrayList<>();
        String result = run(() -> {
            Future<String> done = loop.createFuture();
            loop.addReader(pipe.source(), () -> {
                try {
                    got.add(receive());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                if (!done.done()) {
                    done.setResult("read");
                }
            });
            send("hello");
            return done.await();
        });
        assertThat(result).isEqualTo("read");
        assertThat(got).containsExactly("hello");
        assertThat(loop.watchedChannels()).isEqualTo(1);
    }

    @Test
    void removeReaderStopsTheCallbackEvenForAnEventOfTheSameIteration() throws Exception {
        List<String> calls = new ArrayList<>();
        run(() -> {
            loop.addReader(pipe.source(), () -> calls.add("reader"));
            assertThat(loop.removeReader(pipe.source())).isTrue();
            assertThat(loop.removeReader(pipe.source())).isFalse();
            send("x");
            Async.sleep(Duration.ofMillis(20)); // several selects that see the pipe readable
            return null;
        });
        assertThat(calls).isEmpty();
        assertThat(loop.watchedChannels()).isZero();
    }

    @Test
    void removeReaderOfAnUnwatchedChannelReturnsFalse() {
        assertThat(loop.removeReader(pipe.source())).isFalse();
        assertThat(loop.removeWriter(pipe.sink())).isFalse();
    }

    @Test
    void addWriterRunsWhileWritableAndRemoveWriterStopsIt() {
        int calls = run(() -> {
            int[] n = {0};
            Future<Void> third = loop.createFuture();
            loop.addWriter(pipe.sink(), () -> {
                if (++n[0] == 3) {
                    loop.removeWriter(pipe.sink());
                    third.setResult(null);
                }
            });
            third.await();
            Async.sleep(Duration.ofMillis(5));
            return n[0];
        });
        assertThat(calls).isEqualTo(3);
    }

    @Test
    void addReaderReplacesThePreviousCallback() throws Exception {
        List<String> calls = new ArrayList<>();
        run(() -> {
            Future<Void> done = loop.createFuture();
            loop.addReader(pipe.source(), () -> calls.add("first"));
            loop.addReader(pipe.source(), () -> {
                calls.add("second");
                loop.removeReader(pipe.source());
                done.setResult(null);
            });
            send("x");
            done.await();
            return null;
        });
        assertThat(calls).containsExactly("second");
    }

    @Test
    void aThrowingReaderIsReportedAndTheLoopGoesOn() throws Exception {
        RuntimeException boom = new Boom("reader");
        String after = run(() -> {
            loop.addReader(pipe.source(), () -> {
                loop.removeReader(pipe.source());
                throw boom;
            });
            send("x");
            Async.sleep(Duration.ofMillis(20));
            return "alive";
        });
        assertThat(after).isEqualTo("alive");
        assertThat(takeReport().exception()).isSameAs(boom);
    }

    @Test
    void aBlockingOrClosedChannelIsRejectedWithAClearError() throws Exception {
        Pipe other = Pipe.open();
        try {
            assertThatThrownBy(() -> loop.addReader(other.source(), () -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("configureBlocking(false)");
            other.sink().configureBlocking(false);
            other.sink().close();
            assertThatThrownBy(() -> loop.addWriter(other.sink(), () -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closed");
        } finally {
            other.source().close();
        }
    }

    @Test
    void callSoonThreadsafeWakesALoopBlockedInSelect() throws Exception {
        CountDownLatch selecting = new CountDownLatch(1);
        String result = run(() -> {
            loop.addReader(pipe.source(), () -> { }); // the idle wait is now a select with no timeout
            Future<String> fromThread = loop.createFuture();
            Thread t = new Thread(() -> {
                try {
                    selecting.await();
                } catch (InterruptedException e) {
                    return;
                }
                loop.callSoonThreadsafe(() -> fromThread.setResult("woken"));
            });
            t.start();
            loop.callSoon(selecting::countDown); // runs, then the loop goes idle in select(forever)
            return fromThread.await();
        });
        assertThat(result).isEqualTo("woken");
    }

    @Test
    void timersStillFireWhileTheLoopSelects() {
        long took = run(() -> {
            loop.addReader(pipe.source(), () -> { });
            long start = System.nanoTime();
            Async.sleep(Duration.ofMillis(30));
            return System.nanoTime() - start;
        });
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
    }

    @Test
    void readinessCallbacksRunWhileOtherCallbacksKeepTheLoopBusy() throws Exception {
        // A loop that never idles must still poll its channels every iteration (asyncio: select with timeout 0).
        boolean seen = run(() -> {
            Future<Boolean> read = loop.createFuture();
            loop.addReader(pipe.source(), () -> {
                loop.removeReader(pipe.source());
                read.setResult(true);
            });
            Task<Void> busy = loop.createTask(() -> {
                while (!read.done()) {
                    Async.sleep(Duration.ZERO);
                }
                return null;
            });
            send("x");
            boolean r = read.await();
            busy.await();
            return r;
        });
        assertThat(seen).isTrue();
    }

    @Test
    void closingTheLoopClosesEveryWatchedChannel() throws Exception {
        run(() -> {
            loop.addReader(pipe.source(), () -> { });
            return null;
        });
        loop.close();
        assertThat(pipe.source().isOpen()).isFalse();
        assertThat(pipe.sink().isOpen()).as("not watched, so not the loop's").isTrue();
    }

    @Test
    void addReaderOnAClosedLoopFails() {
        loop.close();
        assertThatThrownBy(() -> loop.addReader(pipe.source(), () -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
