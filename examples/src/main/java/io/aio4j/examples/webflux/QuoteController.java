package io.aio4j.examples.webflux;

import io.aio4j.Async;
import io.aio4j.AsyncTimeoutException;
import io.aio4j.EventLoopGroup;
import io.aio4j.Task;
import io.aio4j.reactor.AioReactor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * WebFlux handlers written as aio4j coroutines.
 * <ul>
 *   <li>{@code GET /quote/{symbol}}: awaits the pricing service ({@code WebClient}, a {@code Mono}) and the
 *   inventory (a {@code CompletableFuture}) concurrently with {@code gather}, under a timeout; a timeout is a 504.
 *   </li>
 *   <li>{@code GET /ticks/{symbol}}: a server-sent event stream produced by an async generator, one tick every
 *   100 ms; the generator suspends while the client does not ask for more (backpressure).</li>
 * </ul>
 * A client that disconnects cancels the subscription, which cancels the coroutine at its current await: its
 * {@code finally} blocks run, and the inventory lookup it was awaiting is cancelled too.
 */
@RestController
class QuoteController {
    private final EventLoopGroup loops;
    private final SlowInventory inventory;
    private final Cancellations cancellations;
    private final WebClient web;
    private final Environment environment;

    QuoteController(EventLoopGroup loops, SlowInventory inventory, Cancellations cancellations,
            Environment environment) {
        this.loops = loops;
        this.inventory = inventory;
        this.cancellations = cancellations;
        this.web = WebClient.create(); // Boot 4 auto-configures a WebClient.Builder only with spring-boot-webclient
        this.environment = environment;
    }

    @GetMapping("/quote/{symbol}")
    Mono<Quote> quote(@PathVariable String symbol, @RequestParam(defaultValue = "PT2S") Duration timeout) {
        // One new task per subscription, on the loop that owns this symbol.
        return AioReactor.mono(loops.forKey(symbol), () -> {
            try {
                return Async.timeout(timeout).run(() -> {
                    Task<Double> price = Async.createTask(() -> AioReactor.await(upstreamPrice(symbol)));
                    Task<Integer> stock = Async.createTask(() -> Async.wrapFuture(inventory.stock(symbol)).await());
                    List<Object> both = Async.<Object>gather(price, stock).await();
                    return new Quote(symbol, (Double) both.get(0), (Integer) both.get(1));
                });
            } catch (CancellationException c) {
                cancellations.record("quote:" + symbol, c.getMessage());
                throw c;
            }
        });
    }

    @GetMapping(value = "/ticks/{symbol}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<Tick> ticks(@PathVariable String symbol) {
        return AioReactor.flux(loops.forKey(symbol), out -> {
            try {
                for (long seq = 0; ; seq++) {
                    out.emit(new Tick(symbol, seq, Prices.of(symbol, seq)));
                    Async.sleep(Duration.ofMillis(100));
                }
            } catch (CancellationException c) {
                cancellations.record("ticks:" + symbol, c.getMessage());
                throw c;
            }
        });
    }

    @ExceptionHandler(AsyncTimeoutException.class)
    @ResponseStatus(HttpStatus.GATEWAY_TIMEOUT)
    String timedOut(AsyncTimeoutException e) {
        return "timed out: " + e.getMessage();
    }

    private Mono<Double> upstreamPrice(String symbol) {
        String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        return web.get().uri(base + "/upstream/price/{symbol}", symbol).retrieve().bodyToMono(Double.class);
    }
}
