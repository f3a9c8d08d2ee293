/**
 * RxJava 3 for aio4j event loops: {@link io.aio4j.rxjava3.AioRx} turns futures, coroutines and async generators
 * into {@code Single}, {@code Maybe}, {@code Completable}, {@code Flowable} and {@code Observable}, awaits those
 * types inside a task, and makes a {@code Scheduler} of a loop. Built on {@link io.aio4j.reactive.Reactive}.
 */
package io.aio4j.rxjava3;
