package io.aio4j.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.aio4j.AsyncGenerator;
import io.aio4j.Awaitable;
import io.aio4j.Backend;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.Future;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.core.Single;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Conventions as tests (RxJava's validators): every public parameter of {@link AioRx} refuses null naming itself,
 * every await refuses to run outside a task naming the method, and bad numbers fail early. One backend suffices:
 * nothing here runs on the loop.
 */
final class ArgumentChecksTest extends RxTestBase {
    @Override
    Backend backend() {
        return Backend.VIRTUAL_THREADS;
    }

    private List<Method> publicMethods() {
        List<Method> methods = new ArrayList<>();
        for (Method m : AioRx.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
                methods.add(m);
            }
        }
        assertThat(methods).hasSizeGreaterThan(20);
        return methods;
    }

    private Object sample(Class<?> type) {
        if (type == EventLoop.class) {
            return loop;
        } else if (type == Future.class) {
            return loop.createFuture();
        } else if (type == Coroutine.class) {
            return (Coroutine<Object>) () -> null;
        } else if (type == AsyncGenerator.Body.class) {
            return (AsyncGenerator.Body<Object>) out -> { };
        } else if (type == Single.class) {
            return Single.just(1);
        } else if (type == Maybe.class) {
            return Maybe.just(1);
        } else if (type == Completable.class) {
            return Completable.complete();
        } else if (type == Flowable.class) {
            return Flowable.just(1);
        } else if (type == Observable.class) {
            return Observable.just(1);
        } else if (type == int.class) {
            return 1;
        }
        return fail("no sample value for " + type);
    }

    @Test
    void everyParameterRefusesNullNamingItself() throws Exception {
        int checked = 0;
        for (Method m : publicMethods()) {
            Parameter[] params = m.getParameters();
            for (int i = 0; i < params.length; i++) {
                if (params[i].getType().isPrimitive()) {
                    continue;
                }
                Object[] args = new Object[params.length];
                for (int j = 0; j < params.length; j++) {
                    args[j] = j == i ? null : sample(params[j].getType());
                }
                Throwable thrown = invoke(m, args);
                assertThat(thrown).as(m + " with null " + params[i].getName())
                        .isInstanceOf(NullPointerException.class)
                        .hasMessage(params[i].getName() + " must not be null");
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(25);
    }

    @Test
    void everyAwaitOutsideATaskFailsNamingTheMethod() throws Exception {
        int checked = 0;
        for (Method m : publicMethods()) {
            boolean awaits = m.getName().startsWith("await") && !m.getName().startsWith("awaitable");
            boolean awaitable = m.getName().startsWith("awaitable");
            if (!awaits && !awaitable) {
                continue;
            }
            Object[] args = new Object[m.getParameterCount()];
            for (int j = 0; j < args.length; j++) {
                args[j] = sample(m.getParameterTypes()[j]);
            }
            String source = m.getParameterTypes()[0].getSimpleName();
            Throwable thrown;
            String expectedName;
            if (awaits) {
                thrown = invoke(m, args);
                expectedName = "AioRx." + m.getName() + "(" + source + ")";
            } else {
                Awaitable<?> a = (Awaitable<?>) m.invoke(null, args);
                thrown = catchThrowable(a::await);
                expectedName = "AioRx." + m.getName() + "(" + source + ").await()";
                assertThat(a.toString()).startsWith(expectedName);
            }
            assertThat(thrown).as(m.toString()).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(expectedName + " was called on thread")
                    .hasMessageContaining("not running a task");
            checked++;
        }
        assertThat(checked).isEqualTo(14); // 9 awaits, 5 awaitables
    }

    @Test
    void iterateRefusesAPrefetchBelowOne() {
        assertThatThrownBy(() -> AioRx.iterate(Flowable.just(1), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefetch must be >= 1 but was 0");
        assertThatThrownBy(() -> AioRx.iterate(Observable.just(1), -5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefetch must be >= 1 but was -5");
    }

    @Test
    void errorHandlerNamesItsLoop() {
        assertThat(AioRx.errorHandler(loop).toString()).isEqualTo("AioRx.errorHandler(" + loop + ")");
    }

    private static Throwable invoke(Method m, Object[] args) throws IllegalAccessException {
        try {
            m.invoke(null, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
