/**
 * TCK verifications of the subscribers core awaits and iterates publishers with. They live in core's package on
 * purpose (a split package on the test classpath, which is fine without modules): {@link
 * io.aio4j.reactive.ValueSubscriber} and the {@link io.aio4j.reactive.LoopSubscriber} base are package-private,
 * and the white-box puppet requests and cancels through {@code LoopSubscriber}'s own package-private
 * {@code request}/{@code cancelUpstream}, as core's awaitables do.
 */
package io.aio4j.reactive;
