package io.aio4j.examples.webflux;

/**
 * A quote: a price from the pricing service combined with the stock level from the inventory.
 *
 * @param symbol the instrument
 * @param price  its price, from the upstream HTTP service
 * @param stock  how many are available, from the inventory
 */
public record Quote(String symbol, double price, int stock) {
}
