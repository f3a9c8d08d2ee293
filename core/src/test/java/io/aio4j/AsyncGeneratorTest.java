package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * Async generators and {@code async for}: CPython's {@code Lib/test/test_asyncgen.py} (iteration, exceptions,
 * {@code aclose}, cancellation) for {@link AsyncGenerator}.
 */
abstract class AsyncGeneratorTest extends LoopTestBase {
    static final class VirtualThreadsTest extends AsyncGeneratorTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends AsyncGeneratorTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static AsyncGenerator<Integer> range(int n, List<String> log) {
        return AsyncGenerator.of(out -> {
            try {
                for (int i = 0; i < n; i++) {
                    log.add("emit " + i);
                    out.emit(i);
                }
                log.add("body returns");
            } finally {
                log.add("body finally");
            }
        });
    }

    @Test
    void asyncGenIteration() {
        List<String> log = new ArrayList<>();
        List<Integer> items = run(() -> {
            List<Integer> got = new ArrayList<>();
            for (int i : range(3, log)) {
                got.add(i);
            }
            return got;
        });
        assertThat(items).containsExactly(0, 1, 2);
        assertThat(log).containsExactly("emit 0", "emit 1", "emit 2", "body returns", "body finally");
    }

    @Test
    void bodyStartsOnlyWhenTheFirstItemIsAskedFor() {
        List<String> log = new ArrayList<>();
        run(() -> {
            AsyncGenerator<Integer> gen = range(2, log);
            Async.sleep(Duration.ofSeconds(1));
            assertThat(log).as("nothing ran before iteration").isEmpty();
            gen.iterator().hasNext();
            assertThat(log).containsExactly("emit 0");
            gen.close();
            return null;
        });
    }

    @Test
    void emitSuspendsUntilTheConsumerAsksForTheNextItem() {
        List<String> log = new ArrayList<>();
        run(() -> {
            for (int i : range(3, log)) {
                log.add("consumer got " + i);
                Async.sleep(Duration.ofSeconds(1)); // the body must not run ahead meanwhile
            }
            return null;
        });
        assertThat(log).containsExactly("emit 0", "consumer got 0", "emit 1", "consumer got 1", "emit 2",
                "consumer got 2", "body returns", "body finally");
    }

    @Test
    void bodyMayAwaitBetweenItems() {
        List<Double> times = new ArrayList<>();
        double start = loop.time();
        run(() -> {
            AsyncGenerator<Double> ticks = AsyncGenerator.of(out -> {
                for (int i = 0; i < 3; i++) {
                    Async.sleep(Duration.ofSeconds(10));
                    out.emit(Async.getRunningLoop().time());
                }
            });
            for (double t : ticks) {
                times.add(t - start);
            }
            return null;
        });
        assertThat(times).hasSize(3);
        // Loop time is double seconds: a difference of two readings may be off by a rounding error.
        assertThat(times.get(0)).isGreaterThanOrEqualTo(10.0 - 1e-6);
        assertThat(times.get(2)).isGreaterThanOrEqualTo(30.0 - 1e-6);
    }

    @Test
    void nullItems() {
        List<String> items = run(() -> {
            List<String> got = new ArrayList<>();
            for (String s : AsyncGenerator.<String>of(out -> {
                out.emit(null);
                out.emit("x");
            })) {
                got.add(s);
            }
            return got;
        });
        assertThat(items).containsExactly(null, "x");
    }

    @Test
    void emptyGenerator() {
        int count = run(() -> {
            int n = 0;
            for (Object ignored : AsyncGenerator.of(out -> { })) {
                n++;
            }
            return n;
        });
        assertThat(count).isZero();
    }

    @Test
    void asyncGenExceptionReachesTheConsumerAfterTheItemsBeforeIt() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Integer> got = new ArrayList<>();
        assertThatThrownBy(() -> run(() -> {
            for (int i : AsyncGenerator.<Integer>of(out -> {
                out.emit(1);
                out.emit(2);
                throw boom;
            })) {
                got.add(i);
            }
            return null;
        })).isSameAs(boom);
        assertThat(got).containsExactly(1, 2);
    }

    @Test
    void acloseAfterBreakRunsTheBodysFinallyBlocks() {
        List<String> log = new ArrayList<>();
        run(() -> {
            try (AsyncGenerator<Integer> gen = range(100, log)) {
                for (int i : gen) {
                    if (i == 1) {
                        break;
                    }
                }
            }
            log.add("after close");
            return null;
        });
        assertThat(log).containsExactly("emit 0", "emit 1", "body finally", "after close");
    }

    @Test
    void cancellingTheConsumerCancelsTheBody() {
        List<String> log = new ArrayList<>();
        run(() -> {
            Task<Void> consumer = Async.createTask(() -> {
                for (Object ignored : AsyncGenerator.of(out -> {
                    try {
                        Async.sleep(Duration.ofHours(1));
                        out.emit("never");
                    } catch (CancellationException e) {
                        log.add("body cancelled");
                        throw e;
                    }
                })) {
                    log.add("got an item");
                }
                return null;
            });
            Async.sleep(Duration.ofSeconds(1));
            consumer.cancel();
            assertThatThrownBy(consumer::await).isInstanceOf(CancellationException.class);
            Async.sleep(Duration.ZERO);
            return null;
        });
        assertThat(log).containsExactly("body cancelled");
    }

    @Test
    void aGeneratorIsIteratedOnce() {
        run(() -> {
            AsyncGenerator<Integer> gen = range(1, new ArrayList<>());
            for (int ignored : gen) {
                // drain
            }
            assertThatThrownBy(gen::iterator).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("iterated once");
            return null;
        });
    }

    @Test
    void requestingSeveralItemsLetsTheBodyRunAhead() {
        List<String> log = new ArrayList<>();
        run(() -> {
            AsyncGenerator<Integer> gen = range(5, log);
            gen.request(3);
            Async.sleep(Duration.ofSeconds(1));
            assertThat(log).as("three emitted without a consumer asking").containsExactly("emit 0", "emit 1",
                    "emit 2");
            gen.close();
            return null;
        });
        assertThat(log).endsWith("body finally");
    }

    @Test
    void emitFromAnotherTaskIsRefused() {
        Throwable thrown = run(() -> {
            AsyncGenerator.Emitter<?>[] leaked = new AsyncGenerator.Emitter<?>[1];
            AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> {
                leaked[0] = out;
                out.emit(1);
            });
            gen.iterator().hasNext();
            try {
                @SuppressWarnings("unchecked")
                AsyncGenerator.Emitter<Integer> out = (AsyncGenerator.Emitter<Integer>) leaked[0];
                out.emit(2);
                return null;
            } catch (IllegalStateException e) {
                return e;
            } finally {
                gen.close();
            }
        });
        assertThat(thrown).hasMessageContaining("outside the generator's body");
    }

    @Test
    void toStringShowsTheState() {
        run(() -> {
            AsyncGenerator<Integer> gen = range(2, new ArrayList<>());
            assertThat(gen.toString()).contains("created");
            gen.iterator().hasNext();
            assertThat(gen.toString()).contains("running").contains("buffered=1");
            gen.close();
            assertThat(gen.toString()).contains("closed");
            return null;
        });
    }
}
