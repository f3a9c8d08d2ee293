package io.aio4j.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The WebFlux example over real HTTP on a random port: the quote handler's concurrent awaits and its timeout,
 * the server-sent tick stream, and client disconnects reaching the aio4j tasks as cancellations. Waits are for
 * events (a cancellation recorded), bounded so a broken build fails instead of hanging; nothing sleeps.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class QuoteApplicationTest {
    private static final long EVENT_BOUND_SECONDS = 30;

    @Autowired
    WebTestClient http;

    @Autowired
    Cancellations cancellations;

    @Autowired
    SlowInventory inventory;

    @LocalServerPort
    int port;

    @Test
    void quoteAwaitsTheWebClientCallAndTheInventoryConcurrently() {
        Quote quote = http.get().uri("/quote/ACME").exchange()
                .expectStatus().isOk()
                .expectBody(Quote.class).returnResult().getResponseBody();
        assertThat(quote).isEqualTo(new Quote("ACME", Prices.of("ACME", 0), Math.floorMod("ACME".hashCode(), 1000)));
    }

    @Test
    void aTimeoutIsA504AndCancelsTheSlowLookup() throws Exception {
        http.get().uri("/quote/SLOW?timeout=PT0.2S").exchange()
                .expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
                .expectBody(String.class).value(body -> assertThat(body).startsWith("timed out"));
        // The timeout cancelled gather's children; the inventory task's cancellation reached the driver.
        assertThat(inventory.lookupCancelled("SLOW").get(EVENT_BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("SLOW");
    }

    @Test
    void aClientThatGoesAwayCancelsTheQuoteTask() throws Exception {
        WebClient client = WebClient.create("http://localhost:" + port);
        // The client gives up after 300 ms and closes its connection; the handler would wait an hour.
        assertThatThrownBy(() -> client.get().uri("/quote/SLOW?timeout=PT1H").retrieve().bodyToMono(Quote.class)
                .timeout(Duration.ofMillis(300)).block(Duration.ofSeconds(EVENT_BOUND_SECONDS)))
                .hasRootCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        String message = cancellations.future("quote:SLOW").get(EVENT_BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(message).contains("cancelled");
    }

    @Test
    void ticksStreamAsServerSentEventsAndStopWhenTheClientDisconnects() throws Exception {
        WebClient client = WebClient.create("http://localhost:" + port);
        List<Tick> ticks = client.get().uri("/ticks/ACME").accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(Tick.class)
                .take(3) // then cancels: the connection closes
                .collectList().block(Duration.ofSeconds(EVENT_BOUND_SECONDS));
        assertThat(ticks).extracting(Tick::seq).containsExactly(0L, 1L, 2L);
        assertThat(ticks.get(2).price()).isEqualTo(Prices.of("ACME", 2));
        // The server noticed the disconnect and cancelled the generator at its current await.
        String message = cancellations.future("ticks:ACME").get(EVENT_BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(message).contains("cancelled");
    }
}
