package io.aio4j;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.streams.IncompleteReadException;
import io.aio4j.streams.LimitOverrunException;
import io.aio4j.streams.StreamReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamReader} fed by hand, ported from CPython's {@code test_asyncio/test_streams.py} ({@code StreamTests}:
 * the {@code feed_data}-based cases keep their CPython names in camelCase). The network cases are in
 * {@link StreamsTest}.
 */
abstract class StreamReaderTest extends LoopTestBase {
    static final class VirtualThreadsTest extends StreamReaderTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends StreamReaderTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static final byte[] DATA = b("line1\nline2\nline3\n");

    static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    static String s(byte[] bytes) {
        return new String(bytes, US_ASCII);
    }

    /** Feeds {@code data} from a callback of the next iteration, so that a read is already waiting for it. */
    private void feedSoon(StreamReader reader, byte[] data) {
        loop.callSoon(() -> reader.feedData(data));
    }

    @Test
    void feedEmptyData() {
        StreamReader stream = new StreamReader();
        stream.feedData(new byte[0]);
        assertThat(stream.toString()).contains("0 bytes");
        assertThat(stream.atEof()).isFalse();
    }

    @Test
    void feedNonemptyData() throws Exception {
        StreamReader stream = new StreamReader();
        stream.feedData(DATA);
        assertThat(run(() -> s(stream.read(100)))).isEqualTo(s(DATA));
    }

    @Test
    void readZero() throws Exception {
        StreamReader stream = new StreamReader();
        stream.feedData(DATA);
        assertThat(run(() -> stream.read(0))).isEmpty();
        assertThat(run(() -> s(stream.read(100)))).isEqualTo(s(DATA));
    }

    @Test
    void read() {
        StreamReader stream = new StreamReader();
        String data = run(() -> {
            feedSoon(stream, DATA);
            return s(stream.read(30));
        });
        assertThat(data).isEqualTo(s(DATA));
        assertThat(stream.toString()).contains("0 bytes");
    }

    @Test
    void readLineBreaks() {
        StreamReader stream = new StreamReader();
        stream.feedData(b("line1"));
        stream.feedData(b("line2"));
        assertThat(run(() -> s(stream.read(5)))).isEqualTo("line1");
        assertThat(run(() -> s(stream.read(5)))).isEqualTo("line2");
    }

    @Test
    void readEof() {
        StreamReader stream = new StreamReader();
        byte[] data = run(() -> {
            loop.callSoon(stream::feedEof);
            return stream.read(1024);
        });
        assertThat(data).isEmpty();
        assertThat(stream.atEof()).isTrue();
    }

    @Test
    void readUntilEof() {
        StreamReader stream = new StreamReader();
        String data = run(() -> {
            loop.callSoon(() -> {
                stream.feedData(b("chunk1\n"));
                stream.feedData(b("chunk2"));
                stream.feedEof();
            });
            return s(stream.read(-1));
        });
        assertThat(data).isEqualTo("chunk1\nchunk2");
        assertThat(stream.atEof()).isTrue();
    }

    @Test
    void readException() {
        StreamReader stream = new StreamReader();
        stream.feedData(b("line\n"));
        assertThat(run(() -> s(stream.read(2)))).isEqualTo("li");
        IOException failure = new IOException("boom");
        stream.setException(failure);
        assertThatThrownBy(() -> run(() -> stream.read(2))).hasCauseReference(failure); // a checked failure reaches run() wrapped
    }

    @Test
    void readline() {
        StreamReader stream = new StreamReader();
        stream.feedData(b("chunk1 "));
        String line = run(() -> {
            loop.callSoon(() -> {
                stream.feedData(b("chunk2 "));
                stream.feedData(b("chunk3 "));
                stream.feedData(b("\n chunk4"));
            });
            return s(stream.readline());
        });
        assertThat(line).isEqualTo("chunk1 chunk2 chunk3 \n");
        assertThat(run(() -> s(stream.read(-1 + 8)))).isEqualTo(" chunk4");
    }

    @Test
    void readlineLimitWithExistingData() {
        StreamReader stream = new StreamReader(3);
        stream.feedData(b("li"));
        stream.feedData(b("ne1\nline2\n"));
        assertThatThrownBy(() -> run(stream::readline)).isInstanceOf(LimitOverrunException.class);
        // The buffer is cleared up to and including the separator, as in asyncio.
        assertThat(run(() -> s(stream.read(100)))).isEqualTo("line2\n");

        StreamReader other = new StreamReader(3);
        other.feedData(b("li"));
        other.feedData(b("ne1"));
        other.feedData(b("li"));
        assertThatThrownBy(() -> run(other::readline)).isInstanceOf(LimitOverrunException.class);
        // No separator seen: the whole buffer is dropped.
        other.feedEof();
        assertThat(run(() -> other.read(100))).isEmpty();
    }

    @Test
    void atEof() {
        StreamReader stream = new StreamReader();
        assertThat(stream.atEof()).isFalse();
        stream.feedData(b("some data\n"));
        assertThat(stream.atEof()).isFalse();
        run(stream::readline);
        assertThat(stream.atEof()).isFalse();
        stream.feedData(b("some data\n"));
        stream.feedEof();
        run(stream::readline);
        assertThat(stream.atEof()).isTrue();
    }

    @Test
    void readlineLimit() {
        StreamReader stream = new StreamReader(7);
        assertThatThrownBy(() -> run(() -> {
            loop.callSoon(() -> {
                stream.feedData(b("chunk1"));
                stream.feedData(b("chunk2"));
                stream.feedData(b("chunk3\n"));
                stream.feedEof();
            });
            return stream.readline();
        })).isInstanceOf(LimitOverrunException.class);
        assertThat(run(() -> stream.read(100))).isEmpty();

        StreamReader other = new StreamReader(7);
        assertThatThrownBy(() -> run(() -> {
            loop.callSoon(() -> {
                other.feedData(b("chunk1"));
                other.feedData(b("chunk2\n"));
                other.feedData(b("chunk3\n"));
                other.feedEof();
            });
            return other.readline();
        })).isInstanceOf(LimitOverrunException.class);
        assertThat(run(() -> s(other.read(100)))).isEqualTo("chunk3\n");

        StreamReader third = new StreamReader(7);
        third.feedData(b("1234567\n"));
        assertThat(run(() -> s(third.readline()))).isEqualTo("1234567\n");
        third.feedData(b("12345678\n"));
        assertThatThrownBy(() -> run(third::readline)).isInstanceOf(LimitOverrunException.class);
        assertThat(third.toString()).contains("0 bytes");
    }

    @Test
    void readlineNlAtEof() {
        StreamReader stream = new StreamReader();
        stream.feedData(b("some data\n"));
        stream.feedEof();
        assertThat(run(() -> s(stream.readline()))).isEqualTo("some data\n");
        assertThat(stream.atEof()).isTrue();
    }

    @Test
    void readlineEof() {
        StreamReader stream = new StreamReader();
        stream.feedData(b("some data"));
        stream.feedEof();
        assertThat(run(() -> s(stream.readline()))).isEqualTo("some data");
    }

    @Test
    void readlineEmptyEof() {
        StreamReader stream = new StreamReader();
        stream.feedEof();
        assertThat(run(stream::readline)).isEmpty();
    }

    @Test
    void readlineReadByteCount() {
        StreamReader stream = new StreamReader();
        stream.feedData(DATA);
        run(stream::readline);
        assertThat(run(() -> s(stream.read(7)))).isEqualTo("line2\nl");
        assertThat(stream.toString()).contains("5 bytes");
    }

    @Test
    void readlineException() {
        StreamReader stream = new StreamReader();
        stream.feedData(b("line\n"));
        assertThat(run(() -> s(stream.readline()))).isEqualTo("line\n");
        IOException failure = new IOException("boom");
        stream.setException(failure);
        assertThatThrownBy(() -> run(stream::readline)).hasCauseReference(failure); // a checked failure reaches run() wrapped
    }

    @Test
    void readuntilSeparatorMustNotBeEmpty() {
        StreamReader stream = new StreamReader();
        assertThatThrownBy(() -> run(() -> stream.readuntil(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one byte");
    }

    @Test
    void readuntilMultiChunks() {
        StreamReader stream = new StreamReader();
        stream.feedData(b("lineAAA"));
        assertThat(run(() -> s(stream.readuntil(b("AAA"))))).isEqualTo("lineAAA");
        stream.feedData(b("lineAAAxxx"));
        assertThat(run(() -> s(stream.readuntil(b("AAA"))))).isEqualTo("lineAAA");
        assertThat(run(() -> s(stream.read(3)))).isEqualTo("xxx");
    }

    @Test
    void readuntilMultiChunksOverlap() {
        StreamReader stream = new StreamReader();
        stream.feedData(b("line"));
        String data = run(() -> {
            loop.callSoon(() -> stream.feedData(b("AA")));
            loop.callSoon(() -> loop.callSoon(() -> stream.feedData(b("Axxx"))));
            return s(stream.readuntil(b("AAA")));
        });
        assertThat(data).isEqualTo("lineAAA");
        assertThat(run(() -> s(stream.read(3)))).isEqualTo("xxx");
    }

    @Test
    void readuntilEof() {
        StreamReader stream = new StreamReader();
        stream.feedData(b("some dataAA"));
        stream.feedEof();
        IncompleteReadException e = org.junit.jupiter.api.Assertions.assertThrows(IncompleteReadException.class,
                () -> run(() -> stream.readuntil(b("AAA"))));
        assertThat(s(e.partial())).isEqualTo("some dataAA");
        assertThat(e.expected()).isEqualTo(-1);
        assertThat(run(() -> stream.read(100))).isEmpty();
    }

    @Test
    void readuntilLimitFound() {
        StreamReader stream = new StreamReader(3);
        stream.feedData(b("some dataAA"));
        LimitOverrunException e = org.junit.jupiter.api.Assertions.assertThrows(LimitOverrunException.class,
                () -> run(() -> stream.readuntil(b("AAA"))));
        assertThat(e).hasMessageContaining("not found");
        assertThat(e.consumed()).isEqualTo(9);
        assertThat(stream.toString()).as("readuntil leaves the data").contains("11 bytes");

        StreamReader found = new StreamReader(3);
        found.feedData(b("some dataAAA"));
        LimitOverrunException beyond = org.junit.jupiter.api.Assertions.assertThrows(LimitOverrunException.class,
                () -> run(() -> found.readuntil(b("AAA"))));
        assertThat(beyond).hasMessageContaining("is found");
        assertThat(beyond.consumed()).isEqualTo(9);
    }

    // asyncio 3.13: readuntil with a tuple of separators (CPython test_streams: test_readuntil_multiple_separators
    // and its neighbours).
    @Test
    void readuntilWithSeveralSeparatorsReturnsTheShortestChunkEndingInAny() {
        StreamReader stream = new StreamReader();
        stream.feedData(b("line1\r\nline2\nline3|"));
        List<byte[]> separators = List.of(b("\r\n"), b("\n"), b("|"));
        assertThat(run(() -> s(stream.readuntil(separators)))).isEqualTo("line1\r\n");
        assertThat(run(() -> s(stream.readuntil(separators)))).isEqualTo("line2\n");
        assertThat(run(() -> s(stream.readuntil(separators)))).isEqualTo("line3|");
    }

    @Test
    void readuntilWithSeveralSeparatorsWaitsForOneThatSpansTwoChunks() {
        StreamReader stream = new StreamReader();
        stream.feedData(b("xxAA"));
        String data = run(() -> {
            feedSoon(stream, b("AB"));
            return s(stream.readuntil(List.of(b("AAAB"), b("ZZ"))));
        });
        assertThat(data).isEqualTo("xxAAAB");
    }

    @Test
    void readuntilOfSeparatorsEndingAtTheSameByteMatchesTheShorterOne() {
        // Both end at the same byte: the chunk is the same, and for the limit the shorter one matched (it starts
        // later), so a limit that the longer one's start would break is not broken.
        StreamReader stream = new StreamReader(3);
        stream.feedData(b("abcd"));
        assertThat(run(() -> s(stream.readuntil(List.of(b("bcd"), b("d")))))).isEqualTo("abcd");

        StreamReader tooLong = new StreamReader(2);
        tooLong.feedData(b("abcd"));
        LimitOverrunException e = org.junit.jupiter.api.Assertions.assertThrows(LimitOverrunException.class,
                () -> run(() -> tooLong.readuntil(List.of(b("bcd"), b("d")))));
        assertThat(e).hasMessageContaining("is found");
        assertThat(e.consumed()).as("where the shorter separator starts").isEqualTo(3);
    }

    @Test
    void readuntilOfSeveralSeparatorsAtTheEndCarriesTheWholeBuffer() {
        StreamReader stream = new StreamReader();
        stream.feedData(b("some dataA"));
        stream.feedEof();
        IncompleteReadException e = org.junit.jupiter.api.Assertions.assertThrows(IncompleteReadException.class,
                () -> run(() -> stream.readuntil(List.of(b("AA"), b("BBB")))));
        assertThat(s(e.partial())).isEqualTo("some dataA");
        assertThat(e.expected()).isEqualTo(-1);
    }

    @Test
    void readuntilOfSeveralSeparatorsOverTheLimitLeavesTheData() {
        StreamReader stream = new StreamReader(3);
        stream.feedData(b("some data"));
        LimitOverrunException e = org.junit.jupiter.api.Assertions.assertThrows(LimitOverrunException.class,
                () -> run(() -> stream.readuntil(List.of(b("AA"), b("BBB")))));
        assertThat(e).hasMessageContaining("not found");
        // A separator as long as the longest could still start in its last two bytes.
        assertThat(e.consumed()).isEqualTo(7);
        assertThat(run(() -> s(stream.read(100)))).isEqualTo("some data");
    }

    @Test
    void readuntilRefusesAnEmptyListAndEmptyOrNullSeparators() {
        StreamReader stream = new StreamReader();
        stream.feedData(DATA);
        assertThatThrownBy(() -> run(() -> stream.readuntil(List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one separator");
        assertThatThrownBy(() -> run(() -> stream.readuntil(List.of(b("\n"), new byte[0]))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one byte");
        assertThatThrownBy(() -> run(() -> stream.readuntil(java.util.Arrays.asList(b("\n"), null))))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("separator");
        assertThatThrownBy(() -> run(() -> stream.readuntil((List<byte[]>) null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("separators");
        assertThat(run(() -> s(stream.read(100)))).as("nothing was taken").isEqualTo(s(DATA));
    }

    @Test
    void readexactlyZeroOrLess() {
        StreamReader stream = new StreamReader();
        stream.feedData(DATA);
        assertThat(run(() -> stream.readexactly(0))).isEmpty();
        assertThatThrownBy(() -> run(() -> stream.readexactly(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
        assertThat(stream.toString()).contains(DATA.length + " bytes");
    }

    @Test
    void readexactly() {
        StreamReader stream = new StreamReader();
        int n = 2 * DATA.length;
        byte[] data = run(() -> {
            loop.callSoon(() -> {
                stream.feedData(DATA);
                stream.feedData(DATA);
                stream.feedData(DATA);
            });
            return stream.readexactly(n);
        });
        assertThat(s(data)).isEqualTo(s(DATA) + s(DATA));
        assertThat(stream.toString()).contains(DATA.length + " bytes");
    }

    @Test
    void readexactlyLimit() {
        StreamReader stream = new StreamReader(3);
        stream.feedData(b("chunk"));
        assertThat(run(() -> s(stream.readexactly(5)))).isEqualTo("chunk");
    }

    @Test
    void readexactlyEof() {
        StreamReader stream = new StreamReader();
        int n = 2 * DATA.length;
        IncompleteReadException e = org.junit.jupiter.api.Assertions.assertThrows(IncompleteReadException.class,
                () -> run(() -> {
                    loop.callSoon(() -> {
                        stream.feedData(DATA);
                        stream.feedEof();
                    });
                    return stream.readexactly(n);
                }));
        assertThat(s(e.partial())).isEqualTo(s(DATA));
        assertThat(e.expected()).isEqualTo(n);
        assertThat(e).hasMessage("18 bytes read on a total of 36 expected bytes");
        assertThat(stream.atEof()).isTrue();
    }

    @Test
    void readexactlyException() {
        StreamReader stream = new StreamReader();
        stream.feedData(b("line\n"));
        assertThat(run(() -> s(stream.readexactly(2)))).isEqualTo("li");
        IOException failure = new IOException("boom");
        stream.setException(failure);
        assertThatThrownBy(() -> run(() -> stream.readexactly(2))).hasCauseReference(failure); // a checked failure reaches run() wrapped
    }

    @Test
    void exception() {
        StreamReader stream = new StreamReader();
        assertThat(stream.exception()).isNull();
        IOException failure = new IOException();
        stream.setException(failure);
        assertThat(stream.exception()).isSameAs(failure);
    }

    @Test
    void exceptionWaiter() {
        StreamReader stream = new StreamReader();
        IOException failure = new IOException("broken");
        Throwable thrown = run(() -> {
            loop.callSoon(() -> stream.setException(failure));
            try {
                stream.readline();
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        assertThat(thrown).isSameAs(failure);
    }

    @Test
    void anUncheckedFailureIsThrownAsItIs() {
        StreamReader stream = new StreamReader();
        Boom boom = new Boom("unchecked");
        stream.setException(boom);
        assertThatThrownBy(() -> run(() -> stream.read(1))).isSameAs(boom);
    }

    @Test
    void exceptionCancel() {
        // A read cancelled while waiting takes nothing; the next read gets the data.
        StreamReader stream = new StreamReader();
        String next = run(() -> {
            Task<byte[]> reading = loop.createTask(stream::readline);
            Async.sleep(java.time.Duration.ZERO); // it is now waiting
            reading.cancel();
            assertThatThrownBy(reading::await).isInstanceOf(CancellationException.class);
            stream.feedData(b("after cancel\n"));
            return s(stream.readline());
        });
        assertThat(next).isEqualTo("after cancel\n");
    }

    @Test
    void twoTasksCannotWaitOnOneReader() {
        StreamReader stream = new StreamReader();
        Throwable second = run(() -> {
            Task<byte[]> first = loop.createTask(() -> stream.read(1));
            Async.sleep(java.time.Duration.ZERO);
            try {
                stream.read(1);
                return null;
            } catch (IllegalStateException e) {
                stream.feedData(b("x"));
                assertThat(s(first.await())).isEqualTo("x");
                return e;
            }
        });
        assertThat(second).hasMessageContaining("another task is already waiting");
    }

    @Test
    void feedDataAfterFeedEofIsRejected() {
        StreamReader stream = new StreamReader();
        stream.feedEof();
        assertThatThrownBy(() -> stream.feedData(b("x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("feedEof");
    }

    @Test
    void aNonPositiveLimitIsRejected() {
        assertThatThrownBy(() -> new StreamReader(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be > 0 but was 0");
    }

    @Test
    void readingOutsideATaskIsRefused() {
        StreamReader stream = new StreamReader();
        assertThatThrownBy(() -> stream.read(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("StreamReader.read()");
    }

    @Test
    void multipleChunksGrowTheBufferWithoutLosingBytes() {
        StreamReader stream = new StreamReader();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            String chunk = "chunk" + i + ";";
            expected.append(chunk);
            stream.feedData(b(chunk));
            if (i % 7 == 0) {
                String got = run(() -> s(stream.readexactly(3)));
                assertThat(got).isEqualTo(expected.substring(0, 3));
                expected.delete(0, 3);
            }
        }
        stream.feedEof();
        assertThat(run(() -> s(stream.read(-1)))).isEqualTo(expected.toString());
    }

    @Test
    void asyncForOverLines() {
        StreamReader stream = new StreamReader();
        stream.feedData(DATA);
        stream.feedData(b("last"));
        stream.feedEof();
        List<String> lines = run(() -> {
            List<String> out = new ArrayList<>();
            for (byte[] line : stream) {
                out.add(s(line));
            }
            return out;
        });
        assertThat(lines).containsExactly("line1\n", "line2\n", "line3\n", "last");
    }
}
