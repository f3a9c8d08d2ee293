package io.aio4j.streams;

/**
 * Where a child process's standard stream goes: the {@code stdin=}, {@code stdout=}, {@code stderr=} choices of
 * {@link SubprocessOptions}.
 * <dl><dt>asyncio</dt><dd>{@code asyncio.subprocess.PIPE}, {@code DEVNULL}, {@code STDOUT}, and {@code None}
 * ({@link #INHERIT}, asyncio's default).</dd></dl>
 */
public enum Stdio {
    /**
     * A pipe to this process: {@link Subprocess#stdin()} is a {@link StreamWriter}, {@link Subprocess#stdout()} and
     * {@link Subprocess#stderr()} are {@link StreamReader}s. <dl><dt>asyncio</dt><dd>{@code PIPE}.</dd></dl>
     */
    PIPE,
    /**
     * The null device: the child reads nothing (end of input at once) or its output is discarded.
     * <dl><dt>asyncio</dt><dd>{@code DEVNULL}.</dd></dl>
     */
    DEVNULL,
    /**
     * The child shares this JVM's own stream (its {@code System.in}/{@code out}/{@code err} file descriptors).
     * <dl><dt>asyncio</dt><dd>{@code None}, the default.</dd></dl>
     */
    INHERIT,
    /**
     * Only for {@code stderr}: the child's standard error goes wherever its standard output goes (merged into
     * {@link Subprocess#stdout()} when that is a {@link #PIPE}). <dl><dt>asyncio</dt><dd>{@code STDOUT}.</dd></dl>
     */
    STDOUT
}
