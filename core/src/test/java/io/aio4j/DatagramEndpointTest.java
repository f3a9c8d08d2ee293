package io.aio4j;

import static io.aio4j.StreamReaderTest.b;
import static io.aio4j.StreamReaderTest.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.streams.Datagram;
import io.aio4j.streams.DatagramEndpoint;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * UDP endpoints over real loopback sockets (no mocks), after the datagram cases of CPython's
 * {@code test_asyncio/test_events.py} ({@code test_create_datagram_endpoint*}) and
 * {@code test_selector_events.py} ({@code SelectorDatagramTransportTests}), reshaped for awaitable
 * {@code sendto}/{@code recvfrom}, plus the error cases of the issue: ICMP port unreachable on a connected endpoint,
 * oversize datagrams, use after close, closing under a waiting task, cancellation of a waiting receive.
 */
abstract class DatagramEndpointTest extends LoopTestBase {
    static final class VirtualThreadsTest extends DatagramEndpointTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends DatagramEndpointTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static final String HOST = "127.0.0.1";

    @Override
    boolean virtualTime() {
        return false; // socket readiness is real time; a virtual clock would race past it
    }

    private static InetSocketAddress anyPort() {
        return new InetSocketAddress(HOST, 0);
    }

    /** A loopback address where nothing listens: a port the system gave a socket that is closed again. */
    private static InetSocketAddress deadAddress() throws IOException {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)) {
            probe.bind(anyPort());
            return (InetSocketAddress) probe.getLocalAddress();
        }
    }

    @Test
    void createDatagramEndpointEcho() {
        List<Object> seen = run(() -> {
            DatagramEndpoint server = DatagramEndpoint.create(anyPort(), null);
            DatagramEndpoint client = DatagramEndpoint.create(null, server.sockname());
            Task<Void> echo = loop.createTask(() -> {
                Datagram request = server.recvfrom();
                server.sendto(request.data(), request.addr());
                return null;
            });
            client.sendto(b("ping"));
            Datagram reply = client.recvfrom();
            echo.await();
            List<Object> out = List.of(s(reply.data()), reply.addr(), server.sockname(), client.peername(),
                    String.valueOf(server.peername()));
            client.close();
            server.close();
            return out;
        });
        assertThat(seen.get(0)).isEqualTo("ping");
        assertThat(seen.get(1)).as("the reply comes from the server").isEqualTo(seen.get(2));
        assertThat(seen.get(3)).isEqualTo(seen.get(2));
        assertThat(seen.get(4)).as("an unconnected endpoint has no peer").isEqualTo("null");
    }

    @Test
    void anUnconnectedEndpointSendsToAnyAddressAndSeesEachSender() {
        List<String> seen = run(() -> {
            DatagramEndpoint a = DatagramEndpoint.create(anyPort(), null);
            DatagramEndpoint b = DatagramEndpoint.create(anyPort(), null);
            DatagramEndpoint hub = DatagramEndpoint.create(anyPort(), null);
            a.sendto(b("from a"), hub.sockname());
            Datagram first = hub.recvfrom();
            b.sendto(b("from b"), hub.sockname());
            Datagram second = hub.recvfrom();
            hub.sendto(b("to a"), first.addr());
            List<String> out = List.of(s(first.data()) + " " + first.addr().equals(a.sockname()),
                    s(second.data()) + " " + second.addr().equals(b.sockname()), s(a.recvfrom().data()));
            a.close();
            b.close();
            hub.close();
            return out;
        });
        assertThat(seen).containsExactly("from a true", "from b true", "to a");
    }

    @Test
    void recvfromWaitsForTheDatagram() {
        String got = run(() -> {
            try (DatagramEndpoint server = DatagramEndpoint.create(anyPort(), null);
                    DatagramEndpoint client = DatagramEndpoint.create(null, server.sockname())) {
                Task<Datagram> receiving = loop.createTask(server::recvfrom);
                Async.sleep(Duration.ZERO);
                assertThat(receiving.done()).as("nothing sent yet").isFalse();
                assertThat(server.toString()).contains("receivers=1");
                client.sendto(b("late"));
                return s(receiving.await().data());
            }
        });
        assertThat(got).isEqualTo("late");
    }

    @Test
    void waitingReceiversAreServedInTheOrderTheyCame() {
        List<String> got = run(() -> {
            try (DatagramEndpoint server = DatagramEndpoint.create(anyPort(), null);
                    DatagramEndpoint client = DatagramEndpoint.create(null, server.sockname())) {
                List<Task<Datagram>> receivers = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    receivers.add(loop.createTask(server::recvfrom));
                }
                Async.sleep(Duration.ZERO); // all three wait, in order
                for (int i = 1; i <= 3; i++) {
                    client.sendto(b("d" + i));
                }
                List<String> out = new ArrayList<>();
                for (Task<Datagram> r : receivers) {
                    out.add(s(r.await().data()));
                }
                return out;
            }
        });
        assertThat(got).containsExactly("d1", "d2", "d3");
    }

    @Test
    void pingPongManyRoundTrips() {
        int n = run(() -> {
            try (DatagramEndpoint server = DatagramEndpoint.create(anyPort(), null);
                    DatagramEndpoint client = DatagramEndpoint.create(null, server.sockname())) {
                Task<Void> echo = loop.createTask(() -> {
                    while (true) {
                        Datagram d = server.recvfrom();
                        if (d.data().length == 0) {
                            return null;
                        }
                        server.sendto(d.data(), d.addr());
                    }
                });
                int ok = 0;
                for (int i = 0; i < 200; i++) {
                    client.sendto(b("n" + i));
                    if (s(client.recvfrom().data()).equals("n" + i)) {
                        ok++;
                    }
                }
                try (DatagramEndpoint unconnected = DatagramEndpoint.create(anyPort(), null)) {
                    unconnected.sendto(new byte[0], server.sockname()); // an empty datagram ends the echo task
                }
                echo.await();
                return ok;
            }
        });
        assertThat(n).isEqualTo(200);
    }

    @Test
    void theLargestUdpDatagramArrivesWholeAndEmptyOnesArriveFromUnconnectedEndpoints() {
        int[] sizes = run(() -> {
            try (DatagramEndpoint server = DatagramEndpoint.create(anyPort(), null);
                    DatagramEndpoint client = DatagramEndpoint.create(null, server.sockname())) {
                byte[] big = new byte[65507];
                big[65506] = 42;
                client.sendto(big);
                Datagram d = server.recvfrom();
                assertThatThrownBy(() -> client.sendto(new byte[0])).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("cannot send an empty datagram");
                Datagram empty;
                try (DatagramEndpoint unconnected = DatagramEndpoint.create(anyPort(), null)) {
                    unconnected.sendto(new byte[0], server.sockname());
                    empty = server.recvfrom();
                }
                return new int[] {d.data().length, d.data()[65506], empty.data().length};
            }
        });
        assertThat(sizes).containsExactly(65507, 42, 0);
    }

    // ------------------------------------------------------------------ errors of one datagram

    @Test
    void anOversizeDatagramFailsItsSendtoAndTheEndpointGoesOn() {
        List<Object> outcome = run(() -> {
            try (DatagramEndpoint server = DatagramEndpoint.create(anyPort(), null);
                    DatagramEndpoint client = DatagramEndpoint.create(anyPort(), null)) {
                Throwable error = null;
                try {
                    client.sendto(new byte[70000], server.sockname());
                } catch (SocketException e) {
                    error = e;
                }
                client.sendto(b("small"), server.sockname());
                return List.of(error, s(server.recvfrom().data()));
            }
        });
        assertThat((Throwable) outcome.get(0)).isInstanceOf(SocketException.class)
                .hasMessageContaining("Message too long").hasMessageContaining("70000 bytes")
                .hasMessageContaining("at most 65,507");
        assertThat(outcome.get(1)).isEqualTo("small");
    }

    @Test
    void aRefusedDatagramFailsTheNextRecvfromOfAConnectedEndpointThenThePeerCanComeBack() throws IOException {
        InetSocketAddress dead = deadAddress();
        List<Object> outcome = run(() -> {
            try (DatagramEndpoint client = DatagramEndpoint.create(null, dead)) {
                client.sendto(b("anyone?"));
                Throwable error = null;
                try {
                    client.recvfrom();
                } catch (PortUnreachableException e) {
                    error = e;
                }
                // The peer (re)appears on that port: the same endpoint talks to it.
                try (DatagramEndpoint peer = DatagramEndpoint.create(dead, null)) {
                    client.sendto(b("hello"));
                    Datagram d = peer.recvfrom();
                    peer.sendto(b("back"), d.addr());
                    return List.of(error, s(d.data()), s(client.recvfrom().data()));
                }
            }
        });
        assertThat((Throwable) outcome.get(0)).isInstanceOf(PortUnreachableException.class)
                .hasMessageContaining("recvfrom()").hasMessageContaining(dead.toString())
                .hasMessageContaining("ICMP port unreachable");
        assertThat(outcome.subList(1, 3)).containsExactly("hello", "back");
    }

    @Test
    void aRefusedDatagramCanAlsoFailTheNextSendto() throws IOException {
        InetSocketAddress dead = deadAddress();
        Throwable error = run(() -> {
            try (DatagramEndpoint client = DatagramEndpoint.create(null, dead)) {
                // The refusal arrives by ICMP after the send that caused it; it fails whichever call comes next.
                for (int i = 0; i < 1000; i++) {
                    try {
                        client.sendto(b("x"));
                    } catch (PortUnreachableException e) {
                        return e;
                    }
                    Async.sleep(Duration.ofMillis(1));
                }
                return null;
            }
        });
        assertThat(error).isInstanceOf(PortUnreachableException.class).hasMessageContaining("sendto()")
                .hasMessageContaining(dead.toString());
    }

    // ------------------------------------------------------------------ closing

    @Test
    void closingUnderAWaitingReceiverEndsItWithAsynchronousCloseException() {
        Throwable error = run(() -> {
            DatagramEndpoint server = DatagramEndpoint.create(anyPort(), null);
            Task<Datagram> receiving = loop.createTask(server::recvfrom);
            Async.sleep(Duration.ZERO);
            server.close();
            try {
                receiving.await();
                return null;
            } catch (java.util.concurrent.CompletionException e) { // a task's checked exception, wrapped
                return e.getCause();
            }
        });
        assertThat(error).isInstanceOf(AsynchronousCloseException.class);
    }

    @Test
    void useAfterCloseIsAnIllegalStateNamingTheCall() {
        run(() -> {
            DatagramEndpoint e = DatagramEndpoint.create(anyPort(), null);
            InetSocketAddress self = e.sockname();
            e.close();
            e.close(); // idempotent
            assertThat(e.isClosing()).isTrue();
            assertThat(e.toString()).contains("closed");
            assertThatThrownBy(() -> e.sendto(b("x"), self)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sendto() after close()");
            assertThatThrownBy(e::recvfrom).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("recvfrom() after close()");
            return null;
        });
    }

    @Test
    void closingTheLoopClosesTheEndpointsSocket() throws IOException {
        InetSocketAddress bound = run(() -> DatagramEndpoint.create(anyPort(), null).sockname()); // left open
        loop.close();
        try (DatagramChannel again = DatagramChannel.open(StandardProtocolFamily.INET)) {
            again.bind(bound); // would fail with "Address already in use" if the endpoint's socket were open
            assertThat(again.getLocalAddress()).isEqualTo(bound);
        }
    }

    // ------------------------------------------------------------------ cancellation

    @Test
    void cancellingAWaitingRecvfromLeavesTheEndpointUsable() {
        String got = run(() -> {
            try (DatagramEndpoint server = DatagramEndpoint.create(anyPort(), null);
                    DatagramEndpoint client = DatagramEndpoint.create(null, server.sockname())) {
                Task<Datagram> receiving = loop.createTask(server::recvfrom);
                Async.sleep(Duration.ZERO);
                receiving.cancel();
                assertThatThrownBy(receiving::await).isInstanceOf(CancellationException.class);
                assertThat(server.toString()).doesNotContain("receivers=");
                client.sendto(b("after"));
                return s(server.recvfrom().data());
            }
        });
        assertThat(got).isEqualTo("after");
    }

    @Test
    void aDatagramIsNotLostWhenTheReceiverItWokeIsCancelled() {
        List<String> got = run(() -> {
            try (DatagramEndpoint server = DatagramEndpoint.create(anyPort(), null);
                    DatagramEndpoint client = DatagramEndpoint.create(null, server.sockname())) {
                Task<Datagram> first = loop.createTask(server::recvfrom);
                Task<Datagram> second = loop.createTask(server::recvfrom);
                Async.sleep(Duration.ZERO);
                client.sendto(b("only one"));
                Async.sleep(Duration.ZERO); // the readiness may wake `first`, which has not run yet
                first.cancel();
                List<String> out = new ArrayList<>();
                for (Task<Datagram> t : List.of(first, second)) {
                    try {
                        out.add(s(t.await().data()));
                        second.cancel(); // `first` had taken it before the cancellation: nothing more comes
                    } catch (CancellationException e) {
                        out.add("cancelled");
                    }
                }
                return out;
            }
        });
        // Whichever state the cancellation found `first` in, the datagram reached exactly one receiver.
        assertThat(got).containsExactlyInAnyOrder("cancelled", "only one");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badArgumentsFailEarlyWithClearMessages() throws IOException {
        InetSocketAddress dead = deadAddress();
        run(() -> {
            assertThatThrownBy(() -> DatagramEndpoint.create(null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both were null");
            try (DatagramEndpoint unconnected = DatagramEndpoint.create(anyPort(), null);
                    DatagramEndpoint connected = DatagramEndpoint.create(null, dead)) {
                assertThatThrownBy(() -> unconnected.sendto(b("x"))).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("not connected");
                assertThatThrownBy(() -> connected.sendto(b("x"), unconnected.sockname()))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid address")
                        .hasMessageContaining(dead.toString());
                assertThatThrownBy(() -> unconnected.sendto(b("x"),
                        InetSocketAddress.createUnresolved("somewhere", 9))).isInstanceOf(
                                IllegalArgumentException.class).hasMessageContaining("unresolved");
                assertThatThrownBy(() -> unconnected.sendto(null, dead)).isInstanceOf(NullPointerException.class)
                        .hasMessageContaining("data");
            }
            assertThatThrownBy(() -> DatagramEndpoint.create(new InetSocketAddress("::1", 0),
                    new InetSocketAddress(HOST, 9))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("different families");
            return null;
        });
        assertThatThrownBy(() -> DatagramEndpoint.create(anyPort(), null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DatagramEndpoint.create()");
    }

    @Test
    void bindingAnAddressInUseNamesIt() {
        Throwable error = run(() -> {
            try (DatagramEndpoint first = DatagramEndpoint.create(anyPort(), null)) {
                DatagramEndpoint.create(first.sockname(), null);
                return null;
            } catch (BindException e) {
                return e;
            }
        });
        assertThat(error).hasMessageContaining("error while attempting to bind on address");
    }

    @Test
    void hostNamesAreResolvedOffTheLoopAndUnknownOnesSaySo() {
        List<Object> outcome = run(() -> {
            Object unknown;
            try {
                DatagramEndpoint.create(null, InetSocketAddress.createUnresolved("no-such-host.invalid", 9));
                unknown = null;
            } catch (UnknownHostException e) {
                unknown = e;
            }
            try (DatagramEndpoint byName = DatagramEndpoint.create(InetSocketAddress.createUnresolved("127.0.0.1",
                    0), null)) {
                return List.of(unknown, byName.sockname().getAddress().getHostAddress());
            }
        });
        assertThat((Throwable) outcome.get(0)).hasMessageContaining("no-such-host.invalid");
        assertThat(outcome.get(1)).isEqualTo(HOST);
    }

    @Test
    void usingAnEndpointFromAnotherLoopIsRefused() {
        DatagramEndpoint endpoint = run(() -> DatagramEndpoint.create(anyPort(), null));
        EventLoop other = newTrackedLoop(false);
        Throwable error = other.runUntilComplete((Coroutine<Throwable>) () -> {
            try {
                endpoint.recvfrom();
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertThat(error).hasMessageContaining("belongs to");
        run(() -> {
            endpoint.close();
            return null;
        });
    }
}
