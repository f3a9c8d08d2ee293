package io.aio4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aio4j.Async;
import io.aio4j.AsyncTimeoutException;
import io.aio4j.Coroutine;
import io.aio4j.Task;
import io.aio4j.VirtualTimeLoop;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's "Testing your code" examples, as they are printed there, so that they keep working. */
class ReadmeExamplesTest {
    @Test
    void virtualTime() {
        try (VirtualTimeLoop vt = VirtualTimeLoop.create()) {
            Task<String> call = vt.loop().createTask(() ->
                    Async.waitFor(() -> Async.sleep(Duration.ofHours(2), "late"), Duration.ofHours(1)));
            vt.advanceTimeBy(Duration.ofMinutes(59));
            assertFalse(call.done());                       // 59 virtual minutes, no real time
            vt.advanceTimeBy(Duration.ofMinutes(1));
            assertThrows(AsyncTimeoutException.class, call::result);
            assertEquals(Duration.ofHours(1), vt.elapsed());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    @RunOnLoop
    void retriesWithBackoff(int failures, VirtualTimeLoop time) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = retry(() -> {
            if (calls.incrementAndGet() <= failures) {
                throw new IllegalStateException("flaky");
            }
            return "ok";
        }, Duration.ofSeconds(1));
        assertEquals("ok", result);
        assertEquals(Duration.ofSeconds((1L << failures) - 1), time.elapsed());   // waited 1 s, 2 s, 4 s...
    }

    /** The code under test: retries {@code call}, doubling the pause after each failure. */
    static <T> T retry(Coroutine<T> call, Duration firstPause) throws Exception {
        Duration pause = firstPause;
        for (;;) {
            try {
                return call.call();
            } catch (IllegalStateException retryable) {
                Async.sleep(pause);
                pause = pause.multipliedBy(2);
            }
        }
    }
}
