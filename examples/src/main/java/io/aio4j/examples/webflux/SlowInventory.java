package io.aio4j.examples.webflux;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * A database-like slow source with an asynchronous driver API: each lookup returns a {@link CompletableFuture}
 * completed later on the driver's own thread, as R2DBC or an async JDBC wrapper would. The symbol {@code SLOW}
 * takes an hour, so that timeouts and disconnects can be shown; every other symbol answers in 30 ms.
 *
 * <p>It remembers which lookups were cancelled: a cancelled aio4j task cancels the future it awaits, and that
 * cancellation reaches the driver (here: the scheduled completion is dropped).
 */
@Component
class SlowInventory implements DisposableBean {
    private final ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("inventory-driver").daemon().unstarted(r));
    private final Map<String, CompletableFuture<String>> cancelled = new ConcurrentHashMap<>();

    CompletableFuture<Integer> stock(String symbol) {
        Duration delay = symbol.equals("SLOW") ? Duration.ofHours(1) : Duration.ofMillis(30);
        CompletableFuture<Integer> result = new CompletableFuture<>();
        var pending = driver.schedule(() -> result.complete(Math.floorMod(symbol.hashCode(), 1000)),
                delay.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                pending.cancel(false);
                lookupCancelled(symbol).complete(symbol);
            }
        });
        return result;
    }

    /** Completes when a lookup of {@code symbol} is cancelled by its caller. */
    CompletableFuture<String> lookupCancelled(String symbol) {
        return cancelled.computeIfAbsent(symbol, s -> new CompletableFuture<>());
    }

    @Override
    public void destroy() {
        driver.shutdownNow();
    }
}
