package io.aio4j.streams;

import io.aio4j.Async;
import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.internal.Checks;
import io.aio4j.internal.CurrentTask;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletionException;

/**
 * A UDP socket on the loop whose sends and receives are awaitables: {@link #sendto} returns once the system has
 * taken the datagram, {@link #recvfrom()} once one has arrived. Made by {@link #create}, bound to a local address,
 * connected to a remote one, or both.
 * {@snippet :
 * DatagramEndpoint server = DatagramEndpoint.create(new InetSocketAddress("127.0.0.1", 9999), null);
 * Datagram request = server.recvfrom();
 * server.sendto(request.data(), request.addr());       // echo it back
 * }
 *
 * <p>Nothing is read ahead: a datagram stays in the system's socket buffer until a {@code recvfrom()} takes it, so
 * a receiver that falls behind makes the system drop datagrams (UDP's own flow control), and a cancelled
 * {@code recvfrom()} loses nothing. Concurrent callers are served first come, first served; on Linux a UDP send never
 * waits, elsewhere a full send buffer makes {@code sendto} wait for room.
 *
 * <p>Errors are about one datagram and leave the endpoint usable, as asyncio's {@code error_received}: a datagram
 * too big for UDP fails its {@code sendto}; on a connected endpoint, an earlier datagram that the peer's host refused
 * (ICMP port unreachable: nothing listens there, or the peer went away) fails the next {@code recvfrom} or
 * {@code sendto} with a {@link PortUnreachableException} (asyncio's {@code ConnectionRefusedError}) naming the peer.
 * An unconnected endpoint is not told of refusals, as in asyncio.
 *
 * <p>Lifecycle: open -> closed ({@link #close()}: the socket is closed; tasks waiting in {@code recvfrom} or
 * {@code sendto} get {@link AsynchronousCloseException}; later calls throw {@link IllegalStateException}). Closing
 * the loop closes the socket too.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code loop.create_datagram_endpoint(protocol_factory, local_addr=, remote_addr=)}
 *   (base_events.py) with its {@code DatagramTransport} (selector_events.py). Differences: no protocol object; the
 *   transport's {@code sendto} is awaitable here and the protocol's {@code datagram_received} is the awaitable
 *   {@link #recvfrom()} (the shape of {@code loop.sock_sendto}/{@code sock_recvfrom}); errors of a datagram go to
 *   the call that sent or would receive it instead of {@code error_received}; {@code get_extra_info('sockname'|
 *   'peername')} is {@link #sockname()}/{@link #peername()}; no {@code reuse_port}, {@code allow_broadcast} or
 *   {@code sock} arguments yet.</dd>
 *   <dt>Threading</dt><dd>Loop only: only from tasks of the loop that created it.</dd>
 *   <dt>Cancellation</dt><dd>Cancelling a task waiting in {@code recvfrom} or {@code sendto} ends that call with
 *   {@link java.util.concurrent.CancellationException}; nothing was received or sent by it, and the endpoint stays
 *   usable for the other tasks.</dd>
 * </dl>
 */
public final class DatagramEndpoint implements AutoCloseable {
    /**
     * The receive buffer: more than the largest UDP payload (65,507 bytes over IPv4, 65,527 over IPv6), so that a
     * datagram is never cut short.
     */
    static final int RECEIVE_BUFFER = 65536;

    private final EventLoop loop;
    private final DatagramChannel channel;
    /** The connected peer, or null. */
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(RECEIVE_BUFFER);
    private final ReadinessQueue receivers;
    private final ReadinessQueue senders;
    private boolean closed;

    private DatagramEndpoint(EventLoop loop, DatagramChannel channel, InetSocketAddress remote) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.remote = remote;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.receivers = new ReadinessQueue(loop, channel, true);
        this.senders = new ReadinessQueue(loop, channel, false);
    }

    /**
     * Opens a UDP endpoint bound to {@code localAddr}, connected to {@code remoteAddr}, or both. With only a remote
     * address the system picks the local port; with only a local one the endpoint sends anywhere with
     * {@link #sendto(byte[], InetSocketAddress)}. Unresolved addresses are resolved on a thread
     * ({@link Async#toThread}), as asyncio resolves in its executor. The socket's family (IPv4 or IPv6) is the
     * remote address's, else the local one's.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code transport, protocol = await loop.create_datagram_endpoint(factory,
     *   local_addr=localAddr, remote_addr=remoteAddr)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it only to resolve a host name.</dd>
     * </dl>
     *
     * @param localAddr  the address to bind to (port 0: one the system picks), or null
     * @param remoteAddr the peer to connect to, or null
     * @return the open endpoint
     * @throws BindException            if the local address is in use or unavailable; the message names it
     * @throws ConnectException         if the socket cannot be connected to the remote address
     * @throws UnknownHostException     if a host name does not resolve
     * @throws IOException              if the socket cannot be opened
     * @throws IllegalArgumentException if both addresses are null, or they are of different families
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static DatagramEndpoint create(InetSocketAddress localAddr, InetSocketAddress remoteAddr)
            throws IOException {
        if (localAddr == null && remoteAddr == null) {
            throw new IllegalArgumentException("create(): give the local address to bind to, the remote address to "
                    + "connect to, or both; both were null");
        }
        CurrentTask.require("DatagramEndpoint.create()");
        EventLoop loop = Async.getRunningLoop();
        InetSocketAddress localResolved = localAddr == null ? null : resolve(localAddr);
        InetSocketAddress remoteResolved = remoteAddr == null ? null : resolve(remoteAddr);
        ProtocolFamily family = familyOf(remoteResolved != null ? remoteResolved : localResolved);
        if (localResolved != null && remoteResolved != null && !localResolved.getAddress().isAnyLocalAddress()
                && familyOf(localResolved) != family) {
            throw new IllegalArgumentException("create(): localAddr " + localResolved + " and remoteAddr "
                    + remoteResolved + " are of different families (IPv4 and IPv6); use one family");
        }
        DatagramChannel channel = DatagramChannel.open(family);
        boolean done = false;
        try {
            channel.configureBlocking(false);
            if (localResolved != null) {
                bind(channel, localResolved);
            }
            if (remoteResolved != null) {
                connect(channel, remoteResolved);
            }
            // Known to the loop's selector from the start, so that closing the loop closes this socket even if it
            // never waited (the selector keeps a channel's registration until the channel is closed).
            loop.addReader(channel, () -> { });
            loop.removeReader(channel);
            DatagramEndpoint endpoint = new DatagramEndpoint(loop, channel, remoteResolved);
            done = true;
            return endpoint;
        } finally {
            if (!done) {
                channel.close();
            }
        }
    }

    private static void bind(DatagramChannel channel, InetSocketAddress address) throws IOException {
        try {
            channel.bind(address);
        } catch (IOException e) {
            BindException named = new BindException("error while attempting to bind on address " + address + ": "
                    + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    private static void connect(DatagramChannel channel, InetSocketAddress address) throws IOException {
        try {
            channel.connect(address);
        } catch (IOException e) {
            ConnectException named = new ConnectException("Connect call failed " + address + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    private static ProtocolFamily familyOf(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address ? StandardProtocolFamily.INET
                : StandardProtocolFamily.INET6;
    }

    /** A literal at once; a name on a thread, since the JDK's lookup blocks. */
    private static InetSocketAddress resolve(InetSocketAddress address) throws UnknownHostException {
        if (!address.isUnresolved()) {
            return address;
        }
        String host = address.getHostString();
        try {
            InetAddress resolved = Async.toThread(() -> InetAddress.getByName(host));
            return new InetSocketAddress(resolved, address.getPort());
        } catch (CompletionException wrapped) {
            if (wrapped.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw wrapped;
        }
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends {@code data} as one datagram to the peer this endpoint is connected to.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code transport.sendto(data)} on a connected endpoint. Differences: awaitable, and a
     *   failure is thrown here instead of going to {@code error_received}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of this endpoint's loop; suspends it only while the system's send
     *   buffer is full.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task while it waits: the datagram is not sent; the endpoint stays
     *   usable.</dd>
     * </dl>
     *
     * @param data the datagram's bytes (not kept: a later change to the array does not affect what is sent); not
     *             empty (see {@link IllegalArgumentException})
     * @throws PortUnreachableException  if an earlier datagram to the peer was refused (asyncio's
     *                                   {@code ConnectionRefusedError}); this one was not sent
     * @throws SocketException           if the system refused this datagram, e.g. more bytes than UDP carries
     *                                   ({@code Message too long}); the message names the size and the address
     * @throws AsynchronousCloseException if the endpoint was closed while the task waited
     * @throws IOException               for other socket failures
     * @throws NullPointerException      if {@code data} is null
     * @throws IllegalArgumentException  if {@code data} is empty: the JDK cannot send an empty datagram on a
     *                                   connected socket (asyncio can; use an unconnected endpoint for that)
     * @throws IllegalStateException     if the endpoint is not connected (use
     *                                   {@link #sendto(byte[], InetSocketAddress)}) or is closed, or not called from
     *                                   a task of its loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public void sendto(byte[] data) throws IOException {
        Checks.notNull(data, "data");
        if (remote == null) {
            throw new IllegalStateException("sendto(data) needs an address: " + this + " is not connected; call "
                    + "sendto(data, addr), or create the endpoint with a remote address");
        }
        send(data, remote);
    }

    /** The JDK sends nothing for an empty write on a connected channel; refuse rather than drop it silently. */
    private void checkNotEmptyOnConnected(byte[] data) {
        if (data.length == 0 && remote != null) {
            throw new IllegalArgumentException("sendto(): " + this + " cannot send an empty datagram: Java's "
                    + "DatagramChannel sends none on a connected socket; send at least one byte, or use an "
                    + "unconnected endpoint");
        }
    }

    /**
     * Sends {@code data} as one datagram to {@code addr}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code transport.sendto(data, addr)}. Differences: awaitable, and a failure is thrown
     *   here instead of going to {@code error_received}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of this endpoint's loop; suspends it only while the system's send
     *   buffer is full.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task while it waits: the datagram is not sent; the endpoint stays
     *   usable.</dd>
     * </dl>
     *
     * @param data the datagram's bytes (not kept); may be empty on an unconnected endpoint only
     * @param addr where to send it: any address if the endpoint is not connected, else the peer's
     * @throws PortUnreachableException  on a connected endpoint, if an earlier datagram to the peer was refused
     * @throws SocketException           if the system refused this datagram, e.g. more bytes than UDP carries
     *                                   ({@code Message too long}) or no route to the address; the message names
     *                                   the size and the address
     * @throws AsynchronousCloseException if the endpoint was closed while the task waited
     * @throws IOException               for other socket failures
     * @throws NullPointerException      if an argument is null
     * @throws IllegalArgumentException  if {@code addr} is unresolved, or is not the peer of a connected endpoint
     *                                   (asyncio's {@code ValueError('Invalid address')}), or {@code data} is empty
     *                                   on a connected endpoint
     * @throws IllegalStateException     if the endpoint is closed, or not called from a task of its loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public void sendto(byte[] data, InetSocketAddress addr) throws IOException {
        Checks.notNull(data, "data");
        Checks.notNull(addr, "addr");
        if (addr.isUnresolved()) {
            throw new IllegalArgumentException("sendto(): addr " + addr + " is unresolved; resolve it first (new "
                    + "InetSocketAddress(host, port) resolves), or create a connected endpoint, which resolves");
        }
        if (remote != null && !remote.equals(addr)) {
            throw new IllegalArgumentException("sendto(): invalid address " + addr + ": " + this + " is connected "
                    + "and sends only to " + remote + "; call sendto(data)");
        }
        send(data, addr);
    }

    private void send(byte[] data, InetSocketAddress to) throws IOException {
        checkNotEmptyOnConnected(data);
        checkUsable("sendto()");
        ByteBuffer datagram = ByteBuffer.wrap(data);
        senders.take(() -> trySend(datagram, to));
    }

    /** One attempt: true once the system took the datagram, false if its buffer is full. */
    private Boolean trySend(ByteBuffer datagram, InetSocketAddress to) throws IOException {
        int size = datagram.remaining();
        int sent;
        try {
            sent = remote != null ? channel.write(datagram) : channel.send(datagram, to);
        } catch (PortUnreachableException refused) {
            throw refused("sendto()", refused);
        } catch (SocketException e) {
            SocketException named = new SocketException("sendto(): a datagram of " + size + " bytes to " + to
                    + " failed: " + e.getMessage() + (size > 65507 ? " (UDP carries at most 65,507 bytes over IPv4, "
                    + "65,527 over IPv6)" : ""));
            named.initCause(e);
            throw named;
        }
        // An empty datagram is reported as 0 bytes sent either way: count it as sent (UDP promises no delivery).
        return sent > 0 || size == 0 ? Boolean.TRUE : null;
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Waits for the next datagram and returns it with its sender.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code DatagramProtocol.datagram_received(data, addr)}, as an awaitable in the shape
     *   of {@code data, addr = await loop.sock_recvfrom(sock, bufsize)}. Differences: a refused earlier datagram
     *   is thrown here instead of going to {@code error_received}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of this endpoint's loop; suspends it until a datagram is there.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task takes nothing from the socket: the next datagram goes
     *   to the next {@code recvfrom}; the endpoint stays usable.</dd>
     * </dl>
     *
     * @return the datagram and its sender
     * @throws PortUnreachableException  on a connected endpoint, if an earlier datagram to the peer was refused
     *                                   (asyncio's {@code ConnectionRefusedError}: nothing listens there, or the
     *                                   peer went away); the next call receives normally again
     * @throws AsynchronousCloseException if the endpoint was closed while the task waited
     * @throws IOException               for other socket failures
     * @throws IllegalStateException     if the endpoint is closed, or not called from a task of its loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public Datagram recvfrom() throws IOException {
        checkUsable("recvfrom()");
        return receivers.take(this::tryReceive);
    }

    private Datagram tryReceive() throws IOException {
        ByteBuffer buf = receiveBuffer;
        buf.clear();
        SocketAddress from;
        try {
            from = channel.receive(buf);
        } catch (PortUnreachableException refused) {
            throw refused("recvfrom()", refused);
        }
        if (from == null) {
            return null;
        }
        buf.flip();
        byte[] data = new byte[buf.remaining()];
        buf.get(data);
        return new Datagram(data, (InetSocketAddress) from);
    }

    /** The JDK's refusal has no message; say who refused and why that reaches this call. */
    private PortUnreachableException refused(String method, PortUnreachableException e) {
        PortUnreachableException named = new PortUnreachableException(method + ": " + remote + " refused an "
                + "earlier datagram (ICMP port unreachable: nothing listens there, or the peer went away)");
        named.initCause(e);
        return named;
    }

    // ------------------------------------------------------------------ closing

    /**
     * Closes the socket. Tasks waiting in {@link #recvfrom()} or {@link #sendto} get
     * {@link AsynchronousCloseException}; later calls throw {@link IllegalStateException}. Idempotent.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code transport.close()}. Differences: nothing is buffered, so the socket closes at
     *   once.</dd>
     *   <dt>Threading</dt><dd>Loop only.</dd>
     * </dl>
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        receivers.closed();
        senders.closed();
        try {
            channel.close();
        } catch (IOException e) {
            loop.callExceptionHandler(new ExceptionContext("Closing " + this + " failed", e, null, null));
        }
    }

    /**
     * Whether {@link #close()} was called.
     * <dl><dt>asyncio</dt><dd>{@code transport.is_closing()}.</dd></dl>
     *
     * @return true once closed
     */
    public boolean isClosing() {
        return closed;
    }

    // ------------------------------------------------------------------ information

    /**
     * The local address, with the port the system chose for port 0.
     * <dl><dt>asyncio</dt><dd>{@code transport.get_extra_info('sockname')}.</dd></dl>
     *
     * @return the bound address
     */
    public InetSocketAddress sockname() {
        return local;
    }

    /**
     * The peer of a connected endpoint.
     * <dl><dt>asyncio</dt><dd>{@code transport.get_extra_info('peername')}.</dd></dl>
     *
     * @return the remote address, or null if the endpoint is not connected
     */
    public InetSocketAddress peername() {
        return remote;
    }

    /**
     * The loop the endpoint runs on.
     * <dl><dt>asyncio</dt><dd>none on transports; named as {@code Server.get_loop()}.</dd></dl>
     *
     * @return the loop
     */
    public EventLoop getLoop() {
        return loop;
    }

    private void checkUsable(String method) {
        if (closed) {
            throw new IllegalStateException(method + " after close() on " + this);
        }
        CurrentTask.require("DatagramEndpoint." + method);
        if (Async.getRunningLoop() != loop) {
            throw new IllegalStateException("DatagramEndpoint." + method + " called from a task of "
                    + Async.getRunningLoop() + ", but " + this + " belongs to " + loop + "; use it from that loop");
        }
    }

    /**
     * State and addresses.
     *
     * @return e.g. {@code DatagramEndpoint[open, local=/127.0.0.1:40000, peer=/127.0.0.1:9999, receivers=1]}
     */
    @Override
    public String toString() {
        return "DatagramEndpoint[" + (closed ? "closed" : "open") + ", local=" + local
                + (remote != null ? ", peer=" + remote : "")
                + (receivers.size() > 0 ? ", receivers=" + receivers.size() : "")
                + (senders.size() > 0 ? ", senders=" + senders.size() : "") + "]";
    }
}
