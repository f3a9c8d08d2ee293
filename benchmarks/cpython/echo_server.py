"""CPython asyncio streams echo server for the TCP echo benchmark (benchmarks/README.md, "TCP echo").

Usage: python3 echo_server.py [PORT]; prints "READY <port>" once listening, then echoes until killed.
The handler is the asyncio documentation's echo: read up to 64 KiB, write it back, drain. Standard library only,
default event loop (no uvloop), so the figure is plain asyncio's.
"""
import asyncio
import sys


async def echo(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass  # the load client closes its connections at the end of a run
    finally:
        writer.close()


async def main(port):
    server = await asyncio.start_server(echo, "127.0.0.1", port, backlog=100)
    print("READY", server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
