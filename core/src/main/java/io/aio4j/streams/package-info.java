/**
 * Streams: asyncio's high-level network API (streams.py) over the loop's selector. {@link
 * io.aio4j.streams.Streams#openConnection} gives a {@link io.aio4j.streams.StreamReader} /
 * {@link io.aio4j.streams.StreamWriter} pair; {@link io.aio4j.streams.Streams#startServer} runs a
 * {@link io.aio4j.streams.ClientConnectedCallback} task per client of a {@link io.aio4j.streams.Server}.
 *
 * <table>
 *   <caption>asyncio names</caption>
 *   <tr><th>asyncio</th><th>aio4j</th></tr>
 *   <tr><td>{@code open_connection}, {@code start_server}</td><td>{@code Streams.openConnection},
 *   {@code Streams.startServer} (also on {@code Async})</td></tr>
 *   <tr><td>{@code open_unix_connection}, {@code start_unix_server}</td><td>{@code Streams.openUnixConnection},
 *   {@code Streams.startUnixServer} (also on {@code Async}): the same streams and {@code Server} over Unix-domain
 *   sockets</td></tr>
 *   <tr><td>{@code loop.create_datagram_endpoint}, {@code DatagramTransport.sendto}, {@code
 *   DatagramProtocol.datagram_received}</td><td>{@link io.aio4j.streams.DatagramEndpoint#create}, the awaitable
 *   {@code sendto} and {@code recvfrom} returning a {@link io.aio4j.streams.Datagram}</td></tr>
 *   <tr><td>{@code StreamReader.read/readline/readexactly/readuntil/at_eof/feed_data/feed_eof/exception}</td>
 *   <td>same names in camelCase; 3.13's {@code readuntil((sep1, sep2))} takes a {@code List<byte[]>}</td></tr>
 *   <tr><td>{@code StreamWriter.write/writelines/drain/write_eof/can_write_eof/close/is_closing/wait_closed}</td>
 *   <td>same names in camelCase; {@code get_extra_info('peername'|'sockname')} is {@code peername()},
 *   {@code sockname()}</td></tr>
 *   <tr><td>{@code Server.close/wait_closed/serve_forever/start_serving/is_serving/get_loop/sockets}</td>
 *   <td>same names; {@code sockets} is {@code addresses()}</td></tr>
 *   <tr><td>{@code ssl=}, {@code server_hostname=}, {@code ssl_handshake_timeout=},
 *   {@code ssl_shutdown_timeout=}; a server context's {@code verify_mode} ({@code CERT_REQUIRED}...);
 *   {@code StreamWriter.start_tls}; {@code get_extra_info('ssl_object'|'cipher')}, {@code ('peercert')}</td>
 *   <td>{@link io.aio4j.streams.TlsOptions} (with an {@link javax.net.ssl.SSLContext}) in overloads of
 *   {@code openConnection}, {@code startServer}, {@code openUnixConnection} and {@code startUnixServer};
 *   {@code TlsOptions.withClientAuth(}{@link
 *   io.aio4j.streams.ClientAuth}{@code )}; {@code StreamWriter.startTls}; {@code StreamWriter.sslSession()},
 *   {@code peerCertificates()}</td></tr>
 *   <tr><td>{@code IncompleteReadError}, {@code LimitOverrunError}</td><td>{@link
 *   io.aio4j.streams.IncompleteReadException}, {@link io.aio4j.streams.LimitOverrunException} (unchecked)</td></tr>
 *   <tr><td>{@code ConnectionRefusedError}, {@code ConnectionResetError}, {@code OSError}</td><td>the JDK's
 *   {@link java.net.ConnectException}, {@link java.net.SocketException}, {@link java.io.IOException}
 *   (checked, declared)</td></tr>
 *   <tr><td>{@code asyncio.create_subprocess_exec}, {@code create_subprocess_shell} (subprocess.py)</td>
 *   <td>{@code Subprocess.createSubprocessExec}, {@code Subprocess.createSubprocessShell} (also on {@code Async}),
 *   with {@link io.aio4j.streams.SubprocessOptions} for the keyword arguments</td></tr>
 *   <tr><td>{@code asyncio.subprocess.Process}: {@code stdin/stdout/stderr/pid/returncode/wait/communicate/
 *   terminate/kill}</td><td>{@link io.aio4j.streams.Subprocess}: same names; {@code wait()} is {@code await()};
 *   {@code communicate} returns a {@link io.aio4j.streams.CommunicateResult}</td></tr>
 *   <tr><td>{@code asyncio.subprocess.PIPE}, {@code DEVNULL}, {@code STDOUT}, {@code None}</td><td>{@link
 *   io.aio4j.streams.Stdio}: {@code PIPE}, {@code DEVNULL}, {@code STDOUT}, {@code INHERIT}</td></tr>
 * </table>
 *
 * <p>Layering, kept open for TLS, Unix-domain sockets and datagrams: the streams talk to a package-private
 * transport (asyncio's {@code Transport}) through a protocol (asyncio's {@code BufferedProtocol}); the TCP transport
 * is one non-blocking {@link java.nio.channels.SocketChannel} watched with {@link io.aio4j.EventLoop#addReader} and
 * {@link io.aio4j.EventLoop#addWriter}. A child process's pipes are transports too, pumped by virtual threads since the
 * JDK gives them only as blocking streams (see {@link io.aio4j.streams.Subprocess}).
 * TLS is a package-private layer between the two (asyncio's {@code SSLProtocol}): the socket transport's
 * protocol below, the streams' transport above, with an {@link javax.net.ssl.SSLEngine} wrapping and unwrapping on
 * the loop. TLS has no half-close ({@code writeEof} throws); a peer that closes TCP without {@code close_notify} is
 * the end of the stream, as in asyncio.
 */
package io.aio4j.streams;
