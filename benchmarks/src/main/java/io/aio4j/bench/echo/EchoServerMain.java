package io.aio4j.bench.echo;

import io.aio4j.Backend;
import io.aio4j.EventLoop;
import io.aio4j.streams.Server;
import io.aio4j.streams.StreamReader;
import io.aio4j.streams.StreamWriter;
import io.aio4j.streams.Streams;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One echo server of the TCP echo benchmark, in its own process: {@code EchoServerMain KIND PORT} prints
 * {@code READY <port>} once it listens, then echoes until killed. Every kind echoes what one read returns (up to
 * 64 KiB) and writes it back, waiting for the write buffer as its API asks, like the asyncio documentation's echo
 * server ({@code data = await reader.read(n); writer.write(data); await writer.drain()}).
 *
 * <ul>
 *   <li>{@code aio4j-continuation}, {@code aio4j-virtual-threads}: {@link Streams#startServer} on one loop of that
 *   backend: the chosen design, the loop's idle wait is a selector.</li>
 *   <li>{@code vt-blocking}: the measured alternative design: blocking socket I/O on virtual threads outside the
 *   loop's baton (one reader and one writer thread per connection); bytes cross to and from the loop's handler task
 *   through {@code callSoonThreadsafe} and a queue.</li>
 *   <li>{@code netty}: plain Netty 4.2 NIO, one event loop thread for accepting and all connections.</li>
 * </ul>
 */
public final class EchoServerMain {
    private EchoServerMain() {}

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        switch (kind) {
            case "aio4j-continuation" -> streamsServer(Backend.CONTINUATION, port);
            case "aio4j-virtual-threads" -> streamsServer(Backend.VIRTUAL_THREADS, port);
            case "vt-blocking" -> virtualThreadBlockingServer(port);
            case "netty" -> nettyServer(port);
            default -> throw new IllegalArgumentException("unknown server kind " + kind
                    + "; use aio4j-continuation, aio4j-virtual-threads, vt-blocking or netty");
        }
    }

    private static void ready(int port) {
        System.out.println("READY " + port);
        System.out.flush();
    }

    // ------------------------------------------------------------------ aio4j streams (the chosen design)

    private static void streamsServer(Backend backend, int port) {
        EventLoop loop = EventLoop.newEventLoop(backend);
        loop.runUntilComplete((io.aio4j.Coroutine<Void>) () -> {
            Server server = Streams.startServer(EchoServerMain::echo, "127.0.0.1", port);
            ready(server.port());
            server.serveForever();
            return null;
        });
    }

    private static void echo(StreamReader reader, StreamWriter writer) throws IOException {
        try {
            byte[] data;
            while ((data = reader.read(64 * 1024)).length > 0) {
                writer.write(data);
                writer.drain();
            }
        } catch (IOException clientGone) {
            // the load client closes its connections at the end of a run; nothing to report
        } finally {
            writer.close();
        }
    }

    // ------------------------------------------------------------------ the alternative: blocking I/O on virtual threads

    /**
     * Blocking I/O outside the baton: a virtual thread per direction per connection does the blocking socket
     * calls; the handler still runs as a loop task (so user code keeps asyncio's semantics) and meets the bytes
     * through {@code StreamReader.feedData} and a write queue. This is what the design would cost per message: two
     * thread hand-offs (reader thread -> loop, loop -> writer thread) plus the loop's own wake-up.
     */
    private static void virtualThreadBlockingServer(int port) throws Exception {
        EventLoop loop = EventLoop.newEventLoop(Backend.select());
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.bind(new InetSocketAddress("127.0.0.1", port), 100);
        ready(((InetSocketAddress) listener.getLocalAddress()).getPort());
        Thread.ofVirtual().start(() -> {
            for (;;) {
                SocketChannel channel;
                try {
                    channel = listener.accept();
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                } catch (IOException e) {
                    return;
                }
                loop.callSoonThreadsafe(() -> serveBlocking(loop, channel));
            }
        });
        loop.runForever();
    }

    private static void serveBlocking(EventLoop loop, SocketChannel channel) {
        StreamReader reader = new StreamReader();
        LinkedBlockingQueue<byte[]> outgoing = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            try {
                for (;;) {
                    buf.clear();
                    int n = channel.read(buf);
                    if (n < 0) {
                        loop.callSoonThreadsafe(reader::feedEof);
                        return;
                    }
                    byte[] copy = java.util.Arrays.copyOf(buf.array(), n);
                    loop.callSoonThreadsafe(() -> reader.feedData(copy));
                }
            } catch (IOException e) {
                loop.callSoonThreadsafe(() -> reader.setException(e));
            }
        });
        Thread.ofVirtual().start(() -> {
            try {
                for (;;) {
                    byte[] data = outgoing.take();
                    if (data.length == 0) {
                        channel.close();
                        return;
                    }
                    ByteBuffer b = ByteBuffer.wrap(data);
                    while (b.hasRemaining()) {
                        channel.write(b);
                    }
                }
            } catch (IOException | InterruptedException e) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing after a failure; the reader thread sees the close
                }
            }
        });
        loop.createTask(() -> {
            try {
                byte[] data;
                while ((data = reader.read(64 * 1024)).length > 0) {
                    outgoing.add(data); // the writer thread blocks for us; no back-pressure needed for an echo
                }
            } catch (IOException clientGone) {
                // end of run
            }
            outgoing.add(new byte[0]);
            return null;
        });
    }

    // ------------------------------------------------------------------ Netty

    private static void nettyServer(int port) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 100)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new NettyEcho());
        Channel server = b.bind("127.0.0.1", port).sync().channel();
        ready(((InetSocketAddress) server.localAddress()).getPort());
        server.closeFuture().sync();
    }

    /** Netty's canonical echo handler: write what was read, flush when the read batch completes. */
    @ChannelHandler.Sharable
    private static final class NettyEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
