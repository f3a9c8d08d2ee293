/**
 * TCK verifications of the subscriber the Reactor bridge awaits a Mono with. They live in the bridge's package on
 * purpose (a split package on the test classpath, which is fine without modules): {@link
 * io.aio4j.reactor.MonoAwaiter} is package-private, and the white-box puppet requests and cancels through its own
 * package-private {@code request}/{@code cancelUpstream}, as the bridge's await does.
 */
package io.aio4j.reactor;
