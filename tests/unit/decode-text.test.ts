/** Bytes to text: UTF-8, UTF-16 with a byte order mark, and what is refused. */
import { describe, expect, it } from "vitest";
import { detectFormat } from "@/lib/ingest/parse";
import { decodeText } from "@/lib/ingest/parse/text";

const LE_BOM = Buffer.from([0xff, 0xfe]);
const BE_BOM = Buffer.from([0xfe, 0xff]);
const utf16le = (text: string) => Buffer.concat([LE_BOM, Buffer.from(text, "utf16le")]);
const utf16be = (text: string) => Buffer.concat([BE_BOM, Buffer.from(text, "utf16le").swap16()]);
const decode = (bytes: Buffer) => decodeText({ path: "x.md", bytes });

describe("decodeText", () => {
  const sample = "# Tide Tables — Issue 3\n\nNeap tides: “small” ranges, ½ the spring range. 🌊\n";

  it("reads UTF-16 little- and big-endian with a BOM as text, without the BOM", () => {
    expect(decode(utf16le(sample))).toBe(sample);
    expect(decode(utf16be(sample))).toBe(sample);
  });

  it("still reads UTF-8 (with or without a BOM) and refuses binary and other encodings", () => {
    expect(decode(Buffer.from(sample))).toBe(sample);
    expect(decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)]))).toBe(sample);
    expect(() => decode(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]))).toThrow(
      "binary file (contains NUL bytes), not text",
    );
    expect(() => decode(Buffer.from("caf\xe9 au lait", "latin1"))).toThrow(
      "not valid UTF-8 text (re-save the file as UTF-8)",
    );
  });

  it("refuses UTF-16 that is cut short, holds a lone surrogate, or decodes to NUL characters", () => {
    expect(() => decode(Buffer.concat([utf16le("Tide"), Buffer.from([0x41])]))).toThrow(
      "not valid UTF-16 text (re-save the file as UTF-8)",
    );
    expect(() => decode(Buffer.concat([LE_BOM, Buffer.from([0x00, 0xd8, 0x41, 0x00])]))).toThrow(
      "not valid UTF-16 text (re-save the file as UTF-8)",
    );
    expect(() => decode(utf16le("PK\0\0\0\0 looks like text but isn't"))).toThrow(
      "binary file (contains NUL characters), not text",
    );
    expect(() => decode(utf16le("  \n"))).toThrow("file is empty");
  });
});

describe("detectFormat on UTF-16 content", () => {
  it("recognises a feed or HTML by its first bytes, whatever the byte order", () => {
    const atom = '<?xml version="1.0" encoding="UTF-16"?>\n<feed xmlns="http://www.w3.org/2005/Atom"></feed>';
    expect(detectFormat("https://harbour.example.org/feed", utf16be(atom))).toBe("feed");
    expect(detectFormat("download", utf16le("<!DOCTYPE html><html><body><p>Hi</p></body></html>"))).toBe("html");
  });
});
