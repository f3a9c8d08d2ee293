package io.aio4j;

import static io.aio4j.StreamReaderTest.b;
import static io.aio4j.StreamReaderTest.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.streams.CommunicateResult;
import io.aio4j.streams.Stdio;
import io.aio4j.streams.StreamReader;
import io.aio4j.streams.Subprocess;
import io.aio4j.streams.SubprocessOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Child processes with piped streams, on real processes ({@code cat}, {@code sh}, {@code sleep}, {@code head}): after
 * CPython's {@code test_asyncio/test_subprocess.py} (ported cases keep their names in camelCase) plus the issue's
 * cases: large output through {@code communicate}, stderr apart and merged, exit codes, terminate and kill,
 * cancellation in a read, a write to a child that exited, waiting after the exit, bad input.
 */
abstract class SubprocessTest extends LoopTestBase {
    static final class VirtualThreadsTest extends SubprocessTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends SubprocessTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static final SubprocessOptions PIPES = SubprocessOptions.DEFAULT.withStdio(Stdio.PIPE, Stdio.PIPE,
            Stdio.PIPE);
    /** What a POSIX shell reports for a child killed by SIGTERM (15) and SIGKILL (9): 128 + the signal. */
    private static final int SIGTERM_CODE = 128 + 15;
    private static final int SIGKILL_CODE = 128 + 9;

    @Override
    boolean virtualTime() {
        return false; // children exit in real time; a virtual clock would race past them
    }

    @Test
    void stdinStdout() {
        // test_stdin_stdout: a line through cat and back, then the end of its input ends it.
        String result = run(() -> {
            Subprocess cat = Async.createSubprocessExec(PIPES, "cat");
            cat.stdin().write(b("hello\n"));
            cat.stdin().drain();
            String line = s(cat.stdout().readline());
            cat.stdin().close();
            byte[] rest = cat.stdout().read();
            return line + "|" + rest.length + "|" + cat.await();
        });
        assertThat(result).isEqualTo("hello\n|0|0");
    }

    @Test
    void communicate() {
        // test_communicate
        CommunicateResult r = run(() -> Async.createSubprocessExec(PIPES, "cat").communicate(b("some data")));
        assertThat(s(r.stdout())).isEqualTo("some data");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.returncode()).isZero();
    }

    @Test
    void communicateMoreThanAPipeBufferEachWay() {
        byte[] input = new byte[1 << 20]; // 1 MiB: sixteen times a Linux pipe's capacity, both ways at once
        new Random(42).nextBytes(input);
        CommunicateResult r = run(() -> Async.createSubprocessExec(PIPES, "cat").communicate(input));
        assertThat(r.stdout()).hasSize(input.length);
        assertThat(Arrays.equals(r.stdout(), input)).isTrue();
        assertThat(r.returncode()).isZero();
    }

    @Test
    void communicateReadsBothOutputsAtOnceSoALargeStderrDoesNotDeadlock() {
        CommunicateResult r = run(() -> Async.createSubprocessShell(
                "head -c 1048576 /dev/zero >&2; head -c 1048576 /dev/zero", PIPES).communicate());
        assertThat(r.stdout()).hasSize(1 << 20);
        assertThat(r.stderr()).hasSize(1 << 20);
        assertThat(r.returncode()).isZero();
    }

    @Test
    void stderrIsSeparate() {
        CommunicateResult r = run(() -> Async.createSubprocessShell("printf out; printf err >&2; exit 3", PIPES)
                .communicate());
        assertThat(s(r.stdout())).isEqualTo("out");
        assertThat(s(r.stderr())).isEqualTo("err");
        assertThat(r.returncode()).isEqualTo(3);
    }

    @Test
    void stderrRedirectedToStdoutIsMergedInOrder() {
        // test_stderr_redirect_to_stdout
        String result = run(() -> {
            Subprocess p = Async.createSubprocessShell("printf out; printf err >&2; printf again",
                    PIPES.withStderr(Stdio.STDOUT));
            CommunicateResult r = p.communicate();
            return s(r.stdout()) + "|" + (p.stderr() == null) + "|" + (r.stderr() == null);
        });
        assertThat(result).isEqualTo("outerragain|true|true");
    }

    @Test
    void devnullInputIsAnEmptyInputAndDevnullOutputIsDiscarded() {
        String result = run(() -> {
            Subprocess cat = Async.createSubprocessExec(SubprocessOptions.DEFAULT.withStdio(Stdio.DEVNULL,
                    Stdio.PIPE, Stdio.DEVNULL), "sh", "-c", "cat; printf lost >&2; printf kept");
            CommunicateResult r = cat.communicate();
            return s(r.stdout()) + "|" + (cat.stdin() == null) + "|" + (cat.stderr() == null);
        });
        assertThat(result).isEqualTo("kept|true|true");
    }

    @Test
    void inheritedStreamsGiveNoStreamObjects() {
        String result = run(() -> {
            Subprocess p = Async.createSubprocessExec("true");
            return p.stdin() + "|" + p.stdout() + "|" + p.stderr() + "|" + p.await();
        });
        assertThat(result).isEqualTo("null|null|null|0");
    }

    @Test
    void exitCodeOfExecAndShell() {
        // test_shell, test_exec (exit status)
        String result = run(() -> {
            Subprocess exec = Async.createSubprocessExec("sh", "-c", "exit 7");
            Subprocess shell = Async.createSubprocessShell("exit 42");
            Subprocess ok = Async.createSubprocessShell("true");
            return exec.await() + "," + shell.await() + "," + ok.await() + "," + exec.returncode();
        });
        assertThat(result).isEqualTo("7,42,0,7");
    }

    @Test
    void waitAfterTheExitReturnsAtOnceWithoutSuspending() {
        String result = run(() -> {
            Subprocess p = Async.createSubprocessShell("exit 5");
            int first = p.await();
            AtomicBoolean anIterationPassed = new AtomicBoolean();
            loop.callSoon(() -> anIterationPassed.set(true));
            int second = p.await();
            int third = p.await();
            return first + "," + second + "," + third + "," + anIterationPassed.get();
        });
        assertThat(result).isEqualTo("5,5,5,false");
    }

    @Test
    void manyTasksMayWaitForOneChild() {
        String result = run(() -> {
            Subprocess p = Async.createSubprocessExec(PIPES, "cat");
            Task<Integer> a = Async.createTask(p::await);
            Task<Integer> b = Async.createTask(p::await);
            Async.sleep(Duration.ZERO);
            a.cancel(); // cancelling one wait ends that wait only
            p.stdin().close();
            int codeB = b.await();
            assertThatThrownBy(a::await).isInstanceOf(CancellationException.class);
            return codeB + "," + p.await();
        });
        assertThat(result).isEqualTo("0,0");
    }

    @Test
    void terminate() {
        // test_terminate
        String result = run(() -> {
            Subprocess p = Async.createSubprocessExec("sleep", "1000");
            Integer before = p.returncode();
            p.terminate();
            int code = p.await();
            p.terminate(); // after the exit: a no-op
            p.kill();
            return before + "," + code + "," + p;
        });
        assertThat(result).startsWith("null," + SIGTERM_CODE + ",Subprocess[pid=")
                .endsWith(", returncode=" + SIGTERM_CODE + "]");
    }

    @Test
    void kill() {
        // test_kill
        int code = run(() -> {
            Subprocess p = Async.createSubprocessExec(PIPES, "sleep", "1000");
            p.kill();
            int c = p.await();
            assertThat(p.stdout().read()).isEmpty(); // the pipe ended with the child
            return c;
        });
        assertThat(code).isEqualTo(SIGKILL_CODE);
    }

    @Test
    void closeKillsARunningChildAndEndsItsOutputs() {
        String result = run(() -> {
            Subprocess p = Async.createSubprocessExec(PIPES, "sleep", "1000");
            p.close();
            p.close(); // idempotent
            byte[] out = p.stdout().read();
            return out.length + "," + p.await() + "," + p.stdin().isClosing();
        });
        assertThat(result).isEqualTo("0," + SIGKILL_CODE + ",true");
    }

    @Test
    void tryWithResourcesKillsTheChildWhenTheTaskIsCancelled() {
        int code = run(() -> {
            Future<Subprocess> started = loop.createFuture();
            Task<Void> owner = Async.createTask(() -> {
                try (Subprocess p = Async.createSubprocessExec("sleep", "1000")) {
                    started.setResult(p);
                    p.await();
                }
                return null;
            });
            Subprocess p = started.await();
            owner.cancel();
            assertThatThrownBy(owner::await).isInstanceOf(CancellationException.class);
            return p.await();
        });
        assertThat(code).isEqualTo(SIGKILL_CODE);
    }

    @Test
    void cancellingATaskBlockedInAReadLeavesTheChildAndTheStreamUsable() {
        String result = run(() -> {
            Subprocess cat = Async.createSubprocessExec(PIPES, "cat");
            Task<byte[]> reader = Async.createTask(() -> cat.stdout().read(100));
            Async.sleep(Duration.ZERO); // the reader is now waiting: cat has written nothing
            reader.cancel();
            assertThatThrownBy(reader::await).isInstanceOf(CancellationException.class);
            cat.stdin().write(b("still here\n"));
            cat.stdin().drain();
            String line = s(cat.stdout().readline());
            cat.stdin().close();
            return line + cat.await();
        });
        assertThat(result).isEqualTo("still here\n0");
    }

    @Test
    void cancellingCommunicateLeavesTheChildRunning() {
        String result = run(() -> {
            Subprocess cat = Async.createSubprocessExec(PIPES, "sleep", "1000");
            Task<CommunicateResult> talk = Async.createTask(() -> cat.communicate());
            Async.sleep(Duration.ZERO);
            talk.cancel();
            assertThatThrownBy(talk::await).isInstanceOf(CancellationException.class);
            Integer stillRunning = cat.returncode();
            cat.kill();
            return stillRunning + "," + cat.await();
        });
        assertThat(result).isEqualTo("null," + SIGKILL_CODE);
    }

    @Test
    void writingToAChildThatExitedGivesABrokenPipeError() {
        String message = run(() -> {
            Subprocess p = Async.createSubprocessShell("exit 0", PIPES);
            p.await();
            p.stdin().write(b("nobody reads this"));
            try {
                p.stdin().drain();
                return "drain returned";
            } catch (IOException e) {
                return e.getMessage();
            }
        });
        // The writer thread may find the pipe broken before drain() looks ("Broken pipe: ...") or while drain() waits
        // ("Connection lost: Broken pipe: ..."): the same failure, reported as it reached the stream.
        assertThat(message).contains("Broken pipe").contains("stdin of Subprocess[pid=").contains("exited");
    }

    @Test
    void writingToAChildThatClosedItsInputGivesABrokenPipeError() {
        String message = run(() -> {
            // The child closes its standard input, then waits for us to close its output's reader: a live child
            // with no reader on the pipe, so our write fails in the pipe itself (EPIPE).
            Subprocess p = Async.createSubprocessShell("exec 0<&-; printf ready; exec sleep 1000", PIPES);
            assertThat(s(p.stdout().readexactly(5))).isEqualTo("ready");
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int i = 0; i < 100; i++) { // at most 6.4 MiB: the first failed write ends this
                    p.stdin().write(chunk);
                    p.stdin().drain();
                }
                return "all written";
            } catch (IOException e) {
                return e.getMessage();
            } finally {
                p.close();
            }
        });
        // A drain that was waiting when the pipe broke reports "Connection lost: Broken pipe: ..." (StreamWriter's
        // wording for a loss it waited through); one that starts after reports the pipe's error as it is.
        assertThat(message).contains("Broken pipe").contains("stdin of Subprocess[pid=");
    }

    @Test
    void communicateIgnoresAChildThatDoesNotReadItsInput() {
        // test_communicate_ignore_broken_pipe
        CommunicateResult r = run(() -> Async.createSubprocessShell("exit 1", PIPES)
                .communicate(new byte[1 << 20]));
        assertThat(r.returncode()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void smallReaderLimitPausesAndResumesThePipeWithoutLosingData() {
        int total = run(() -> {
            Subprocess p = Async.createSubprocessExec(PIPES.withLimit(1024), "head", "-c", "1048576", "/dev/zero");
            StreamReader out = p.stdout();
            int n = 0;
            byte[] block;
            while ((block = out.read(700)).length > 0) {
                n += block.length;
            }
            assertThat(p.await()).isZero();
            return n;
        });
        assertThat(total).isEqualTo(1 << 20);
    }

    @Test
    void stdinDrainWaitsForTheChildToReadAndThenGoesOn() {
        int total = run(() -> {
            Subprocess cat = Async.createSubprocessExec(PIPES, "cat");
            byte[] chunk = new byte[256 * 1024];
            Task<Integer> drainer = Async.createTask(() -> cat.stdout().read().length);
            for (int i = 0; i < 8; i++) {
                cat.stdin().write(chunk);
                assertThat(cat.stdin().getWriteBufferSize()).isGreaterThan(0);
                cat.stdin().drain(); // waits until at most 16 KiB is still queued
                assertThat(cat.stdin().getWriteBufferSize()).isLessThanOrEqualTo(16 * 1024);
            }
            cat.stdin().close();
            cat.stdin().waitClosed();
            return drainer.await();
        });
        assertThat(total).isEqualTo(8 * 256 * 1024);
    }

    @Test
    void cwdAndEnv(@TempDir Path dir) throws IOException {
        Path real = dir.toRealPath();
        Map<String, String> env = new HashMap<>();
        env.put("AIO4J_GREETING", "bonjour");
        String out = run(() -> s(Async.createSubprocessExec(PIPES.withCwd(real).withEnv(env), "/bin/sh", "-c",
                "pwd; printf '%s|%s' \"$AIO4J_GREETING\" \"${HOME-unset}\"").communicate().stdout()));
        assertThat(out).isEqualTo(real + "\nbonjour|unset"); // the map replaced the whole environment
        assertThat(Files.isDirectory(real)).isTrue();
    }

    @Test
    void argumentsArePassedAsTheyAreWithoutAShell() {
        String out = run(() -> s(Async.createSubprocessExec(PIPES, "printf", "%s|", "a b", "$HOME", "*", "")
                .communicate().stdout()));
        assertThat(out).isEqualTo("a b|$HOME|*||");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void aProgramThatDoesNotExistIsAClearIoError() {
        String message = run(() -> {
            try {
                Async.createSubprocessExec(PIPES, "aio4j-no-such-program", "x");
                return "started";
            } catch (IOException e) {
                return e.getMessage();
            }
        });
        assertThat(message).contains("aio4j-no-such-program").contains("No such file");
    }

    @Test
    void aWorkingDirectoryThatDoesNotExistIsAClearIoError() {
        String message = run(() -> {
            try {
                Async.createSubprocessShell("true", PIPES.withCwd(Path.of("/aio4j/no/such/dir")));
                return "started";
            } catch (IOException e) {
                return e.getMessage();
            }
        });
        assertThat(message).contains("/aio4j/no/such/dir");
    }

    @Test
    void nullAndEmptyArgumentsAreRefusedNamingThem() {
        run(() -> {
            assertThatThrownBy(() -> Async.createSubprocessExec((String) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("program");
            assertThatThrownBy(() -> Async.createSubprocessExec("echo", "a", null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("args[1]");
            assertThatThrownBy(() -> Async.createSubprocessExec("echo", (String[]) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("args");
            assertThatThrownBy(() -> Async.createSubprocessExec((SubprocessOptions) null, "echo"))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("options");
            assertThatThrownBy(() -> Async.createSubprocessExec(""))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("program must not be empty");
            assertThatThrownBy(() -> Async.createSubprocessShell(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("cmd");
            return null;
        });
    }

    @Test
    void stdoutOptionOnlyForStderr() {
        assertThatThrownBy(() -> SubprocessOptions.DEFAULT.withStdout(Stdio.STDOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only for stderr");
        assertThatThrownBy(() -> SubprocessOptions.DEFAULT.withStdin(Stdio.STDOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stdin");
        assertThatThrownBy(() -> SubprocessOptions.DEFAULT.withLimit(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit must be > 0 but was 0");
        Map<String, String> withNull = new HashMap<>();
        withNull.put("A", null);
        assertThatThrownBy(() -> SubprocessOptions.DEFAULT.withEnv(withNull))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("env key A");
    }

    @Test
    void communicateInputWithoutAStdinPipeIsRefused() {
        String message = run(() -> {
            Subprocess p = Async.createSubprocessShell("true", SubprocessOptions.DEFAULT.withStdout(Stdio.PIPE));
            try {
                p.communicate(b("x"));
                return "accepted";
            } catch (IllegalArgumentException e) {
                p.await();
                return e.getMessage();
            }
        });
        assertThat(message).contains("stdin is not a pipe").contains("withStdin(Stdio.PIPE)");
    }

    @Test
    void startingOutsideATaskIsRefused() {
        assertThatThrownBy(() -> Async.createSubprocessExec("true"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("createSubprocessExec()");
    }
}
