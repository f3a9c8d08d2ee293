/**
 * Reactive Streams and {@code java.util.concurrent.Flow} interop for the event loop (DESIGN §5): awaiting any
 * publisher from a task, iterating one with backpressure, and publishing futures, coroutines and async
 * generators. {@link io.aio4j.reactive.Reactive} is the entry point; the Reactor and RxJava bridges build on it.
 */
package io.aio4j.reactive;
