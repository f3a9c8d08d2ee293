package io.aio4j.streams;

import io.aio4j.internal.Checks;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options of {@link Subprocess#createSubprocessExec(SubprocessOptions, String, String...)} and
 * {@link Subprocess#createSubprocessShell(String, SubprocessOptions)}: asyncio's keyword arguments.
 * {@snippet :
 * SubprocessOptions pipes = SubprocessOptions.DEFAULT.withStdio(Stdio.PIPE, Stdio.PIPE, Stdio.PIPE);
 * Subprocess p = Subprocess.createSubprocessExec(pipes.withCwd(Path.of("/tmp")), "ls", "-l");
 * }
 *
 * @param stdin  where the child's standard input comes from; not {@link Stdio#STDOUT}
 * @param stdout where its standard output goes; not {@link Stdio#STDOUT}
 * @param stderr where its standard error goes; {@link Stdio#STDOUT} merges it into standard output
 * @param cwd    the child's working directory, or null for this JVM's (asyncio's {@code cwd=})
 * @param env    the child's whole environment, or null to inherit this JVM's (asyncio's {@code env=}: a given map
 *               replaces the environment, it does not add to it); copied, unmodifiable
 * @param limit  the buffer limit of the {@link StreamReader}s of the output pipes (asyncio's {@code limit=},
 *               default 64 KiB): see {@link StreamReader} for the flow control it drives
 */
public record SubprocessOptions(Stdio stdin, Stdio stdout, Stdio stderr, Path cwd, Map<String, String> env,
        int limit) {
    /** asyncio's defaults: every stream inherited, this JVM's directory and environment, a 64 KiB limit. */
    public static final SubprocessOptions DEFAULT = new SubprocessOptions(Stdio.INHERIT, Stdio.INHERIT,
            Stdio.INHERIT, null, null, StreamReader.DEFAULT_LIMIT);

    /**
     * Checks and copies the values.
     *
     * @param stdin  where standard input comes from
     * @param stdout where standard output goes
     * @param stderr where standard error goes
     * @param cwd    the working directory, or null
     * @param env    the environment, or null
     * @param limit  the readers' limit, > 0
     * @throws NullPointerException     if a {@link Stdio} is null, or {@code env} holds a null key or value
     * @throws IllegalArgumentException if {@code stdin} or {@code stdout} is {@link Stdio#STDOUT}, or {@code limit}
     *                                  is not positive
     */
    public SubprocessOptions {
        Checks.notNull(stdin, "stdin");
        Checks.notNull(stdout, "stdout");
        Checks.notNull(stderr, "stderr");
        if (stdin == Stdio.STDOUT || stdout == Stdio.STDOUT) {
            throw new IllegalArgumentException("Stdio.STDOUT is only for stderr (it merges standard error into "
                    + "standard output) but was given for " + (stdin == Stdio.STDOUT ? "stdin" : "stdout"));
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0 but was " + limit);
        }
        if (env != null) {
            Map<String, String> copy = new LinkedHashMap<>();
            env.forEach((k, v) -> copy.put(Checks.notNull(k, "a key of env"),
                    Checks.notNull(v, "the value of env key " + k)));
            env = Collections.unmodifiableMap(copy);
        }
    }

    /**
     * These options with all three streams set.
     *
     * @param stdin  where standard input comes from
     * @param stdout where standard output goes
     * @param stderr where standard error goes
     * @return the options
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code stdin} or {@code stdout} is {@link Stdio#STDOUT}
     */
    public SubprocessOptions withStdio(Stdio stdin, Stdio stdout, Stdio stderr) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, limit);
    }

    /**
     * These options with another standard input.
     *
     * @param stdin where standard input comes from
     * @return the options
     * @throws NullPointerException     if {@code stdin} is null
     * @throws IllegalArgumentException if it is {@link Stdio#STDOUT}
     */
    public SubprocessOptions withStdin(Stdio stdin) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, limit);
    }

    /**
     * These options with another standard output.
     *
     * @param stdout where standard output goes
     * @return the options
     * @throws NullPointerException     if {@code stdout} is null
     * @throws IllegalArgumentException if it is {@link Stdio#STDOUT}
     */
    public SubprocessOptions withStdout(Stdio stdout) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, limit);
    }

    /**
     * These options with another standard error.
     *
     * @param stderr where standard error goes ({@link Stdio#STDOUT}: merged into standard output)
     * @return the options
     * @throws NullPointerException if {@code stderr} is null
     */
    public SubprocessOptions withStderr(Stdio stderr) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, limit);
    }

    /**
     * These options with another working directory.
     *
     * @param cwd the directory, or null for this JVM's
     * @return the options
     */
    public SubprocessOptions withCwd(Path cwd) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, limit);
    }

    /**
     * These options with another environment.
     *
     * @param env the child's whole environment (copied), or null to inherit this JVM's
     * @return the options
     * @throws NullPointerException if {@code env} holds a null key or value
     */
    public SubprocessOptions withEnv(Map<String, String> env) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, limit);
    }

    /**
     * These options with another reader limit.
     *
     * @param limit the limit, > 0
     * @return the options
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public SubprocessOptions withLimit(int limit) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, limit);
    }
}
