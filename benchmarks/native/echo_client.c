/*
 * Lean load client of the TCP echo benchmark (benchmarks/README.md, "TCP echo"): the same closed loop as
 * io.aio4j.bench.echo.EchoLoadClient, in C, so that the client costs as little CPU per request as possible and
 * the servers, not the client, set the figure on a 2-core machine.
 *
 *   echo_client HOST PORT CONNECTIONS SIZE WARMUP_S MEASURE_S MAX_REQUESTS
 *
 * Each connection sends one SIZE-byte message, reads the whole echo back (and checks it), then sends the next;
 * one request = one full round trip. One thread drives every connection through one epoll set (level-triggered,
 * non-blocking sockets, TCP_NODELAY). After WARMUP_S seconds of the same load (not counted) it counts round trips
 * for MEASURE_S seconds or until MAX_REQUESTS, whichever comes first, and prints one JSON line, like the Java
 * client: {"requests":N,"seconds":S,"rps":R}. Any connection error or wrong echo fails the run (exit 1).
 *
 * Built by EchoBenchmark with `cc -O2 -o target/echo_client native/echo_client.c` when a C compiler is present.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* One connection: how far the current message has gone out and how much of its echo has come back. */
struct conn {
    int fd;
    size_t sent;
    size_t received;
    int waiting_writable; /* 1 while the socket's send buffer was full and EPOLLOUT is in the interest */
};

static void fail(const char *what) {
    /* stdout, like the Java client, so the harness shows the reason in its table */
    if (errno) {
        printf("echo_client: %s: %s\n", what, strerror(errno));
    } else {
        printf("echo_client: %s\n", what);
    }
    fflush(stdout);
    exit(1);
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void set_interest(int ep, struct conn *c, int writable) {
    if (c->waiting_writable == writable) {
        return;
    }
    /* EPOLLIN stays in the interest while waiting to write: the echo of the part already sent keeps coming */
    struct epoll_event ev = {.events = writable ? EPOLLIN | EPOLLOUT : EPOLLIN, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) {
        fail("epoll_ctl");
    }
    c->waiting_writable = writable;
}

/* Sends what is left of the message; waits for writability if the send buffer is full. */
static void send_rest(int ep, struct conn *c, const char *payload, size_t size) {
    while (c->sent < size) {
        ssize_t n = write(c->fd, payload + c->sent, size - c->sent);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                set_interest(ep, c, 1);
                return;
            }
            if (errno == EINTR) {
                continue;
            }
            fail("write");
        }
        c->sent += (size_t) n;
    }
    set_interest(ep, c, 0);
}

int main(int argc, char **argv) {
    if (argc != 8) {
        fprintf(stdout, "usage: echo_client HOST PORT CONNECTIONS SIZE WARMUP_S MEASURE_S MAX_REQUESTS\n");
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    int connections = atoi(argv[3]);
    size_t size = (size_t) atol(argv[4]);
    double warmup = atof(argv[5]);
    double measure = atof(argv[6]);
    long long max_requests = atoll(argv[7]);
    if (port <= 0 || connections <= 0 || size == 0 || warmup < 0 || measure <= 0 || max_requests <= 0) {
        printf("echo_client: bad arguments (port, connections, size, seconds and max must be positive)\n");
        return 2;
    }

    char *payload = malloc(size);
    char *inbuf = malloc(size);
    struct conn *conns = calloc((size_t) connections, sizeof *conns);
    if (!payload || !inbuf || !conns) {
        fail("malloc");
    }
    for (size_t i = 0; i < size; i++) {
        payload[i] = (char) ('a' + i % 26);
    }

    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short) port)};
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        errno = 0;
        fail("HOST must be an IPv4 address such as 127.0.0.1");
    }
    int ep = epoll_create1(0);
    if (ep < 0) {
        fail("epoll_create1");
    }
    for (int i = 0; i < connections; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) {
            fail("socket");
        }
        if (connect(fd, (struct sockaddr *) &addr, sizeof addr) < 0) { /* blocking connect, like the Java client */
            fail("connect");
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        conns[i].fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &conns[i]};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
            fail("epoll_ctl");
        }
    }

    double start = now_seconds();
    double warmup_end = start + warmup;
    double measure_end = warmup_end + measure;
    double measured_from = -1;
    double now = start;
    long long counted = 0;
    for (int i = 0; i < connections; i++) {
        send_rest(ep, &conns[i], payload, size);
    }

    struct epoll_event events[256];
    for (;;) {
        int ready = epoll_wait(ep, events, 256, 100);
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail("epoll_wait");
        }
        now = now_seconds();
        if (measured_from < 0 && now >= warmup_end) {
            measured_from = now;
            counted = 0;
        }
        if (measured_from >= 0 && (now >= measure_end || counted >= max_requests)) {
            break;
        }
        for (int e = 0; e < ready; e++) {
            struct conn *c = events[e].data.ptr;
            if (c->waiting_writable && (events[e].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
                send_rest(ep, c, payload, size);
            }
            if (!(events[e].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) {
                continue;
            }
            ssize_t n = read(c->fd, inbuf + c->received, size - c->received);
            if (n < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                    continue;
                }
                fail("read");
            }
            if (n == 0) {
                errno = 0;
                fail("the server closed a connection mid-run");
            }
            c->received += (size_t) n;
            if (c->received == size) { /* sent == size too: the server echoes only what it was sent */
                if (memcmp(inbuf, payload, size) != 0) {
                    errno = 0;
                    fail("the echo differs from the message sent");
                }
                c->received = 0;
                c->sent = 0;
                counted++;
                send_rest(ep, c, payload, size);
            }
        }
    }
    double seconds = now - measured_from;
    for (int i = 0; i < connections; i++) {
        close(conns[i].fd);
    }
    close(ep);
    printf("{\"requests\":%lld,\"seconds\":%.3f,\"rps\":%.1f}\n", counted, seconds, counted / seconds);
    return 0;
}
