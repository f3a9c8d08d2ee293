/**
 * TCK verifications of the subscribers core awaits and iterates publishers with. They live in core's package on
 * purpose (a split package on the test classpath, which is fine without modules): {@link
 * io.aio4j.reactive.ValueSubscriber} is package-private. The white-box puppet requests and cancels through the
 * {@link io.aio4j.internal.LoopSubscriber} base's own {@code request}/{@code cancelUpstream}, as core's awaitables
 * do.
 */
package io.aio4j.reactive;
