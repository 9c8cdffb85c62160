"""PHP's ``serialize()`` format, read strictly, for the few values a WordPress export holds.

Polylang keeps a translation group in a term's description as a serialized
PHP array (``a:2:{s:2:"en";i:12;s:2:"hy";i:14;}``). Only the subset such
values use is read: arrays (nested too: Polylang adds ``"sync"``), integers,
strings, booleans and null. Anything else, or anything malformed (a wrong
length, a missing ``;``, text left over), raises :class:`SerializedError`
with what was wrong and where, so the import reports it rather than guessing.
PHP's ``unserialize`` is never approximated: objects are refused outright.
"""

MAX_DEPTH = 8
MAX_LENGTH = 100_000

SerializedValue = int | str | bool | None | dict


class SerializedError(ValueError):
    """The text is not a serialized PHP value of the supported kinds."""


def unserialize(text: str) -> SerializedValue:
    """The value ``text`` serializes; arrays become dicts keyed by ``int`` or ``str``."""
    if len(text) > MAX_LENGTH:
        raise SerializedError(f"longer than {MAX_LENGTH} characters")
    reader = _Reader(text.encode("utf-8"))
    value = reader.value(0)
    if reader.position != len(reader.data):
        raise SerializedError(f"unexpected text after the value at byte {reader.position}")
    return value


class _Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.position = 0

    def fail(self, what: str):
        raise SerializedError(f"{what} at byte {self.position}")

    def expect(self, token: bytes) -> None:
        if not self.data.startswith(token, self.position):
            self.fail(f"expected {token.decode()!r}")
        self.position += len(token)

    def until(self, end: bytes) -> bytes:
        stop = self.data.find(end, self.position)
        if stop < 0:
            self.fail(f"missing {end.decode()!r}")
        chunk = self.data[self.position : stop]
        self.position = stop + len(end)
        return chunk

    def integer(self, end: bytes) -> int:
        start = self.position
        digits = self.until(end)
        body = digits[1:] if digits[:1] == b"-" else digits
        if not body or not body.isdigit() or len(body) > 19:
            self.position = start
            self.fail("expected a whole number")
        return int(digits)

    def value(self, depth: int) -> SerializedValue:
        kind = self.data[self.position : self.position + 2]
        if kind == b"N;":
            self.position += 2
            return None
        self.position += 2
        if kind == b"i:":
            return self.integer(b";")
        if kind == b"b:":
            flag = self.integer(b";")
            if flag not in (0, 1):
                self.fail("a boolean must be 0 or 1")
            return bool(flag)
        if kind == b"s:":
            return self.string()
        if kind == b"a:":
            return self.array(depth)
        self.position -= 2
        self.fail("unsupported or malformed value (only arrays, integers, strings, booleans)")

    def string(self) -> str:
        length = self.integer(b":")
        if length < 0 or self.position + length + 2 > len(self.data):
            self.fail("a string's length runs past the end")
        self.expect(b'"')
        raw = self.data[self.position : self.position + length]
        self.position += length
        self.expect(b'";')
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            self.fail("a string's length splits a character")

    def array(self, depth: int) -> dict:
        if depth >= MAX_DEPTH:
            self.fail(f"arrays nested over {MAX_DEPTH} deep")
        count = self.integer(b":")
        if count < 0:
            self.fail("negative array size")
        self.expect(b"{")
        result: dict = {}
        for _ in range(count):
            if self.data[self.position : self.position + 2] not in (b"i:", b"s:"):
                self.fail("an array key must be an integer or a string")
            key = self.value(depth + 1)
            if key in result:
                self.fail(f"key {key!r} given twice")
            result[key] = self.value(depth + 1)
        self.expect(b"}")
        return result
