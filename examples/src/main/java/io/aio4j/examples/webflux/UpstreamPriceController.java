package io.aio4j.examples.webflux;

import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Stands for another HTTP service (a pricing API) that {@link QuoteController} calls with {@code WebClient}. It
 * lives in the same application only so the example is self-contained; the call still goes over real HTTP.
 */
@RestController
class UpstreamPriceController {
    @GetMapping("/upstream/price/{symbol}")
    Mono<Double> price(@PathVariable String symbol) {
        return Mono.delay(Duration.ofMillis(20)).map(ignored -> Prices.of(symbol, 0));
    }
}
