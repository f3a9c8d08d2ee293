package io.aio4j.examples.webflux;

/** The made-up pricing rule shared by the upstream service and the tick stream: deterministic per symbol. */
final class Prices {
    private Prices() {}

    static double of(String symbol, long seq) {
        return 100 + Math.floorMod(symbol.hashCode(), 50) + seq * 0.25;
    }
}
