/**
 * Support for testing code that runs on aio4j event loops.
 * <ul>
 *   <li>{@link io.aio4j.test.RunOnLoop} (with {@link io.aio4j.test.LoopExtension}): a JUnit Jupiter test method runs
 *   as a task on a fresh loop, on virtual time by default, and fails if it leaves tasks pending or exceptions
 *   unretrieved, naming the tasks.</li>
 *   <li>{@link io.aio4j.test.AioBlockHoundIntegration}: BlockHound reports a blocking call inside a task or loop
 *   callback, naming the task; found through {@code META-INF/services} once {@code BlockHound.install()} runs.</li>
 * </ul>
 * The virtual-time loop itself is core's {@link io.aio4j.VirtualTimeLoop}.
 */
package io.aio4j.test;
