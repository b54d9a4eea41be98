"""Clients for live connections in end-to-end tests, standard library only.

`EventStream` reads Server-Sent Events (chunked HTTP/1.1), `WebSocket` speaks
just enough RFC 6455: the handshake, masked text frames out, text frames in
(pings answered, a close frame ends it). Both raise on a read that takes
longer than their timeout, so a test never hangs.
"""
from __future__ import annotations

import base64
import email.message
import hashlib
import json
import os
import socket
import struct

WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class _Connection:
    def __init__(self, port: int, path: str, headers: dict[str, str], timeout: float):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.reader = self.sock.makefile("rb")
        status_line = self.reader.readline().decode()
        self.status = int(status_line.split(" ")[1]) if status_line else 0
        self.headers = email.message.Message()  # names case-insensitive, as http.client's
        while (line := self.reader.readline().decode().rstrip("\r\n")):
            name, _, value = line.partition(":")
            self.headers[name.strip()] = value.strip()
        self.body = b""

    def _read_whole_body(self) -> None:
        if "content-length" in self.headers:
            self.body = self.reader.read(int(self.headers["content-length"]))
        elif self.headers.get("transfer-encoding") == "chunked":
            while (chunk := self._chunk()):
                self.body += chunk

    def _chunk(self) -> bytes:
        """The next chunk of a chunked body; b"" at its end or when the peer left."""
        size_line = self.reader.readline()
        if not size_line.strip():
            return b""
        size = int(size_line.split(b";")[0], 16)
        data = self.reader.read(size) if size else b""
        self.reader.readline()
        return data

    def json(self):
        return json.loads(self.body)

    def close(self) -> None:
        self.reader.close()
        self.sock.close()


class EventStream(_Connection):
    """GET `path` as text/event-stream; `status` and, when not 200, `body`."""

    def __init__(self, port: int, path: str = "/notifications/stream",
                 headers: dict[str, str] | None = None, timeout: float = 30):
        super().__init__(port, path, {"Accept": "text/event-stream", **(headers or {})}, timeout)
        self.pending = b""
        self.ended = False
        if self.status != 200:
            self._read_whole_body()

    def next_event(self) -> dict | None:
        """The next event ({"id", "event", "data"}) past heartbeats; None once it ended."""
        while True:
            while b"\n\n" not in self.pending:
                chunk = self._chunk() if not self.ended else b""
                if not chunk:
                    self.ended = True
                    return None
                self.pending += chunk
            block, _, self.pending = self.pending.partition(b"\n\n")
            event = {"id": None, "event": "message", "data": []}
            for line in block.decode().split("\n"):
                if line.startswith(":"):
                    continue
                name, _, value = line.partition(": ")
                if name == "data":
                    event["data"].append(value)
                elif name in ("id", "event"):
                    event[name] = value
            if event["data"]:
                event["data"] = "\n".join(event["data"])
                return event

    def next_notification(self) -> dict | None:
        """The next `notification` event's item (with `id`), past unread counts."""
        while (event := self.next_event()) is not None:
            if event["event"] == "notification":
                item = json.loads(event["data"])
                assert item["id"] == event["id"], event
                return item
        return None

    def next_unread_count(self) -> int | None:
        while (event := self.next_event()) is not None:
            if event["event"] == "unread-count":
                assert event["id"] is None, event
                return json.loads(event["data"])["count"]
        return None


class WebSocket(_Connection):
    """A WebSocket client; `status` is 101 once accepted, else `body` holds the answer."""

    def __init__(self, port: int, path: str = "/notifications/ws",
                 headers: dict[str, str] | None = None, timeout: float = 30):
        key = base64.b64encode(os.urandom(16)).decode()
        super().__init__(port, path, {"Upgrade": "websocket", "Connection": "Upgrade",
                                      "Sec-WebSocket-Key": key, "Sec-WebSocket-Version": "13",
                                      **(headers or {})}, timeout)
        self.close_code: int | None = None  # and close_reason: the server's close frame's
        self.close_reason = ""
        if self.status != 101:
            self._read_whole_body()
            return
        accept = base64.b64encode(hashlib.sha1((key + WEBSOCKET_GUID).encode()).digest())
        assert self.headers.get("sec-websocket-accept") == accept.decode(), self.headers

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        head = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def send_text(self, text: str) -> None:
        self._send_frame(0x1, text.encode())

    def _read_frame(self) -> tuple[bool, int, bytes]:
        head = self.reader.read(2)
        if len(head) < 2:
            return True, 0x8, b""
        fin, opcode, n = bool(head[0] & 0x80), head[0] & 0x0F, head[1] & 0x7F
        if n == 126:
            n = struct.unpack("!H", self.reader.read(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self.reader.read(8))[0]
        return fin, opcode, self.reader.read(n)  # a server never masks

    def receive(self) -> str | None:
        """The next text message; None once the server closed the connection."""
        message = b""
        while True:
            fin, opcode, payload = self._read_frame()
            if opcode == 0x8:
                if len(payload) >= 2:
                    self.close_code = struct.unpack("!H", payload[:2])[0]
                    self.close_reason = payload[2:].decode()
                try:
                    self._send_frame(0x8, payload[:2])
                except OSError:
                    pass
                return None
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode in (0x1, 0x0):
                message += payload
                if fin:
                    return message.decode()

    def receive_json(self) -> dict | None:
        text = self.receive()
        return None if text is None else json.loads(text)

    def next_notification(self) -> dict | None:
        """The next {"type": "notification"} message, past unread counts."""
        while (message := self.receive_json()) is not None:
            if message["type"] == "notification":
                return message
        return None



def open_live(port: int, path: str, headers: dict[str, str] | None = None) -> _Connection:
    """Opens a live route as a browser would, and closes it once the answer's head
    (and a refusal's body) came: for checks of the status alone."""
    client = WebSocket if path.startswith("/notifications/ws") else EventStream
    connection = client(port, path, headers)
    connection.close()
    return connection
