package io.aio4j.streams;

import io.aio4j.internal.Checks;
import java.net.InetSocketAddress;

/**
 * One datagram received by {@link DatagramEndpoint#recvfrom()}: its bytes and who sent it.
 * <p>Like every record holding an array, {@code equals} compares the array by identity, not by content.
 * <dl><dt>asyncio</dt><dd>the {@code (data, addr)} arguments of {@code DatagramProtocol.datagram_received}, or
 * the pair {@code loop.sock_recvfrom} returns.</dd></dl>
 *
 * @param data the datagram's bytes (the array is the caller's: nothing else refers to it)
 * @param addr the sender's address
 */
public record Datagram(byte[] data, InetSocketAddress addr) {
    /**
     * Checks the components.
     *
     * @param data the bytes
     * @param addr the sender
     * @throws NullPointerException if an argument is null
     */
    public Datagram {
        Checks.notNull(data, "data");
        Checks.notNull(addr, "addr");
    }

    /**
     * The size and the sender, not the bytes.
     *
     * @return e.g. {@code Datagram[5 bytes from /127.0.0.1:40000]}
     */
    @Override
    public String toString() {
        return "Datagram[" + data.length + " bytes from " + addr + "]";
    }
}
