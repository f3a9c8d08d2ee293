package io.aio4j.examples.webflux;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Where the handlers' coroutines record that they were cancelled (by a client that went away, or a timeout), with
 * the cancellation message. In a real service this would be a metric or a log line; here the tests read it.
 */
@Component
class Cancellations {
    private final Map<String, CompletableFuture<String>> byKey = new ConcurrentHashMap<>();

    void record(String key, String message) {
        future(key).complete(String.valueOf(message));
    }

    /** Completes with the cancellation message when the coroutine serving {@code key} is cancelled. */
    CompletableFuture<String> future(String key) {
        return byKey.computeIfAbsent(key, k -> new CompletableFuture<>());
    }
}
