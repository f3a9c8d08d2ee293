package io.aio4j;

import io.aio4j.streams.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** For the stream tests of each transport: many clients of one echo server at once, each on a task of its own. */
final class EchoClients {
    private EchoClients() {}

    /** Opens one client connection (TCP, Unix, TLS...). */
    interface Connector {
        Connection connect() throws IOException;
    }

    /**
     * Runs {@code clients} tasks that each connect, send {@code messages} numbered lines and read back each echo,
     * concurrently; returns what each client read, in client order. Call from a task of the loop.
     */
    static List<String> talk(int clients, int messages, Connector connector) {
        EventLoop loop = Async.getRunningLoop();
        List<Task<String>> tasks = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int n = i;
            tasks.add(loop.createTask(() -> {
                try (Connection c = connector.connect()) {
                    StringBuilder got = new StringBuilder();
                    for (int k = 0; k < messages; k++) {
                        c.writer().write(("client " + n + " message " + k + "\n").getBytes(StandardCharsets.UTF_8));
                        c.writer().drain();
                        got.append(new String(c.reader().readline(), StandardCharsets.UTF_8));
                    }
                    return got.toString();
                }
            }));
        }
        List<String> replies = new ArrayList<>();
        for (Task<String> t : tasks) {
            replies.add(t.await());
        }
        return replies;
    }
}
