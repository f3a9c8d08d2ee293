package io.aio4j.bench.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * The load of the TCP echo benchmark, run in a process of its own so that it never shares a JVM (or a GC) with the
 * server it measures: {@code EchoLoadClient HOST PORT CONNECTIONS SIZE WARMUP_S MEASURE_S MAX_REQUESTS}.
 *
 * <p>Closed loop: each of the connections sends one message of SIZE bytes, reads the whole echo back, and sends
 * the next; one request = one full round trip. One thread drives every connection from one NIO selector, so the
 * client's cost per request is the same whichever server answers. After WARMUP_S seconds of the same load (not
 * counted), it counts round trips for MEASURE_S seconds or until MAX_REQUESTS, whichever comes first, then prints
 * one JSON line: {@code {"requests":N,"seconds":S,"rps":R}}. Any connection error fails the run (exit 1).
 *
 * <p>{@link EchoBenchmark} uses the C client {@code benchmarks/native/echo_client.c} (same protocol and output)
 * when a C compiler is present, and this one otherwise or with {@code client=java}. Measured on the 2-core machine,
 * this client costs about 0.5-1 us of CPU per request more than the C one (its user-space NIO work) out of 8-10;
 * the rest is the kernel's loopback TCP work, which any client pays.
 */
public final class EchoLoadClient {
    private EchoLoadClient() {}

    /** One connection's state: how much of the current message is still to send and to receive. */
    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer out;
        final ByteBuffer in;

        Conn(SocketChannel channel, int size) {
            this.channel = channel;
            byte[] payload = new byte[size];
            for (int i = 0; i < size; i++) {
                payload[i] = (byte) ('a' + i % 26);
            }
            this.out = ByteBuffer.allocateDirect(size);
            this.out.put(payload).flip();
            this.in = ByteBuffer.allocateDirect(size);
        }
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        double warmup = Double.parseDouble(args[4]);
        double measure = Double.parseDouble(args[5]);
        long maxRequests = Long.parseLong(args[6]);

        Selector selector = Selector.open();
        for (int i = 0; i < connections; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port)); // blocking connect
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
            Conn c = new Conn(ch, size);
            ch.register(selector, SelectionKey.OP_WRITE, c);
        }
        long start = System.nanoTime();
        long warmupEnd = start + (long) (warmup * 1e9);
        long measureEnd = warmupEnd + (long) (measure * 1e9);
        long counted = 0;
        long measuredFrom = -1;
        long now = start;
        while (true) {
            selector.select(100);
            now = System.nanoTime();
            if (measuredFrom < 0 && now >= warmupEnd) {
                measuredFrom = now;
                counted = 0;
            }
            if (measuredFrom >= 0 && (now >= measureEnd || counted >= maxRequests)) {
                break;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                Conn c = (Conn) key.attachment();
                if (key.isWritable()) {
                    c.channel.write(c.out);
                    if (!c.out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                } else if (key.isReadable()) {
                    int n = c.channel.read(c.in);
                    if (n < 0) {
                        throw new IOException("the server closed a connection mid-run");
                    }
                    if (!c.in.hasRemaining()) {
                        c.in.clear();
                        c.out.rewind();
                        counted++;
                        c.channel.write(c.out); // usually goes out whole; else wait for writability
                        key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                    }
                }
            }
            selector.selectedKeys().clear();
        }
        double seconds = (now - measuredFrom) / 1e9;
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
        System.out.println(String.format(Locale.ROOT, "{\"requests\":%d,\"seconds\":%.3f,\"rps\":%.1f}",
                counted, seconds, counted / seconds));
    }
}
