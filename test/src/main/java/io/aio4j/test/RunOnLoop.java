package io.aio4j.test;

import io.aio4j.Backend;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test method, or every test method of the annotated class, as a task on a fresh event loop,
 * by default on virtual time ({@link io.aio4j.VirtualTimeLoop}), so that the test body can {@code await} and a
 * one-hour timeout takes no time. Works with {@code @Test}, {@code @ParameterizedTest}, {@code @RepeatedTest} and
 * other templates; it does not replace those annotations.
 *
 * <pre>{@code
 * @Test
 * @RunOnLoop
 * void timesOut(VirtualTimeLoop time) {
 *     assertThrows(AsyncTimeoutException.class,
 *             () -> Async.waitFor(() -> Async.sleep(Duration.ofHours(2), "late"), Duration.ofHours(1)));
 *     assertEquals(Duration.ofHours(1), time.elapsed());
 * }
 * }</pre>
 *
 * <p>After the body returns the test fails, naming the tasks involved, if it left tasks pending (they are then
 * cancelled and awaited) or if a future or task failed and nobody retrieved its exception, or if anything else
 * reached the loop's exception handler. A test method may take an {@link io.aio4j.EventLoop} and, on virtual
 * time, a {@link io.aio4j.VirtualTimeLoop} parameter. {@code @BeforeEach} and {@code @AfterEach} methods run
 * outside the loop, before it starts and after it closed. An annotation on the method wins over one on its class.
 *
 * <p>Virtual time does not wait for real I/O or other threads: with a timer pending, an idle loop jumps to it even
 * while bytes are on their way over a socket. A test of network code with timeouts wants
 * {@code virtualTime = false}; a hung test is ended by JUnit's {@code @Timeout}.
 * <dl>
 *   <dt>asyncio</dt><dd>pytest-asyncio's {@code @pytest.mark.asyncio} and {@code unittest.IsolatedAsyncioTestCase};
 *   kotlinx's {@code runTest}.</dd>
 * </dl>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(LoopExtension.class)
public @interface RunOnLoop {
    /**
     * Whether the loop runs on virtual time (the default) or on the real clock.
     *
     * @return true for a {@link io.aio4j.VirtualTimeLoop}
     */
    boolean virtualTime() default true;

    /**
     * The backend to run on; empty (the default) for {@link Backend#select()}. One value only: to run a test on
     * both backends, make it a {@code @ParameterizedTest} over {@code Backend} and annotate nothing, or write two
     * nested classes.
     *
     * @return at most one backend
     */
    Backend[] backend() default {};

    /**
     * Whether the loop runs in debug mode (the default): thread checks, slow-step warnings, and the creation site of
     * every task and future in the reports the test fails with.
     *
     * @return true for debug mode
     */
    boolean debug() default true;
}
