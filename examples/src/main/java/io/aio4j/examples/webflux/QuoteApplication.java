package io.aio4j.examples.webflux;

import io.aio4j.EventLoopGroup;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot WebFlux service whose handlers are aio4j coroutines: {@link QuoteController} awaits a
 * {@code WebClient} call and a slow database-like source concurrently under a timeout, and streams server-sent
 * events from an async generator; a client that disconnects cancels the task that serves it.
 *
 * <p>The coroutines run on an {@link EventLoopGroup}: one event loop per core, so independent requests do not
 * queue behind each other on one loop. Each request's coroutine runs on one loop chosen by the symbol (affinity),
 * so code between two awaits stays atomic per symbol, asyncio style.
 */
@SpringBootApplication
public class QuoteApplication {
    /**
     * Starts the service.
     *
     * @param args Spring Boot arguments (e.g. {@code --server.port=8080})
     */
    public static void main(String[] args) {
        SpringApplication.run(QuoteApplication.class, args);
    }

    /**
     * The loops the handlers run on; shut down gracefully with the application context (running requests get a
     * few seconds to finish, then are cancelled).
     *
     * @return one loop per available processor
     */
    @Bean(destroyMethod = "close")
    EventLoopGroup eventLoops() {
        return EventLoopGroup.create();
    }

    /** How long a graceful shutdown waits for running coroutines; here for the README's reference. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
}
