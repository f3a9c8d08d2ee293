/**
 * Support for testing code that runs on aio4j event loops.
 * <ul>
 *   <li>{@link io.aio4j.test.AioBlockHoundIntegration}: BlockHound reports a blocking call inside a task or loop
 *   callback, naming the task; found through {@code META-INF/services} once {@code BlockHound.install()} runs.</li>
 * </ul>
 */
package io.aio4j.test;
