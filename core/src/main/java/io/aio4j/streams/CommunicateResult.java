package io.aio4j.streams;

/**
 * What {@link Subprocess#communicate(byte[])} returns: everything the child wrote to its piped outputs.
 * <dl><dt>asyncio</dt><dd>the {@code (stdout_data, stderr_data)} tuple of {@code Process.communicate()}; plus the
 * return code, which asyncio leaves in {@code Process.returncode}.</dd></dl>
 *
 * @param stdout     the child's standard output (with its standard error when that was {@link Stdio#STDOUT}), or
 *                   null unless stdout was {@link Stdio#PIPE}
 * @param stderr     the child's standard error, or null unless stderr was {@link Stdio#PIPE}
 * @param returncode the child's exit status, as {@link Subprocess#returncode()}
 */
public record CommunicateResult(byte[] stdout, byte[] stderr, int returncode) {
}
