package io.aio4j.examples.webflux;

/**
 * One server-sent event of the tick stream.
 *
 * @param symbol the instrument
 * @param seq    the tick's number, from 0
 * @param price  the price at that tick
 */
public record Tick(String symbol, long seq, double price) {
}
