/**
 * The Reactor bridge: {@link io.aio4j.reactor.AioReactor} turns futures, coroutines and async generators into
 * {@code Mono} and {@code Flux}, lets a task await or iterate a {@code Mono} or {@code Flux}, maps Reactor's
 * {@code Context} to {@link io.aio4j.ContextVar}s both ways, and makes a Reactor {@code Scheduler} of an event loop.
 * It is built on {@link io.aio4j.reactive.Reactive}, which holds the Reactive Streams machinery; the classes here
 * add only Reactor's types and hooks.
 */
package io.aio4j.reactor;
