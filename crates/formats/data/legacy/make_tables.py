#!/usr/bin/env python3
"""Writes the legacy Vietnamese encoding tables used by chidao-formats (run from this folder).

* tcvn3.tsv, viscii.tsv: byte → character, for every byte the standard assigns outside ASCII,
  transcribed through glibc's iconv converters `TCVN5712-1` (TCVN 5712:1993; ABC fonts use its
  VN3 subset) and `VISCII` (RFC 1456). iconv is only the transcriber here: no code is taken.
* vni.tsv: character → VNI-Windows byte sequence, composed from the VNI scheme (a base letter
  followed by a mark byte; ơ ư đ and a few toned i/y letters have bytes of their own).
* viqr.tsv: character → VIQR mnemonic (RFC 1456 appendix): breve (, circumflex ^, horn +,
  tones ' ` ? ~ . and dd for đ.
Every table is checked round trip by the crate's tests.
"""
import subprocess, unicodedata

def iconv_table(name, codes):
    rows = []
    for b in codes:
        r = subprocess.run(["iconv", "-f", name, "-t", "UTF-8"], input=bytes([b]), capture_output=True)
        if r.returncode != 0:
            continue
        s = r.stdout.decode("utf-8")
        if s and s != chr(b):
            rows.append((b, s))
    return rows

def write_bytes(path, rows, title):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# {title}\n# byte (hex)\tcharacter(s) (NFC or a combining mark)\n")
        for b, s in rows:
            f.write(f"{b:02X}\t{s}\n")

write_bytes("tcvn3.tsv", iconv_table("TCVN5712-1", range(0x80, 0x100)),
            "TCVN 5712:1993 (TCVN3 / ABC, .VnTime fonts): bytes 0x80-0xFF")
write_bytes("viscii.tsv", iconv_table("VISCII", [0x02, 0x05, 0x06, 0x14, 0x19, 0x1E] + list(range(0x80, 0x100))),
            "VISCII (RFC 1456): the bytes that differ from ASCII / Latin-1")

# Unicode combining marks of the five tones and of the letter shapes.
TONES = {"": "", "acute": "\u0301", "grave": "\u0300", "hook": "\u0309", "tilde": "\u0303", "dot": "\u0323"}
BASES = {  # base letter (NFC) → (plain letter, shape mark) for the composed forms
    "a": "a", "ă": "ă", "â": "â", "e": "e", "ê": "ê", "i": "i", "o": "o", "ô": "ô", "ơ": "ơ", "u": "u", "ư": "ư", "y": "y",
}
# VNI-Windows: bytes are written as their Windows-1252 characters (the form a Word file or RTF holds).
VNI_TONE = {"acute": "ù", "grave": "ø", "hook": "û", "tilde": "õ", "dot": "ï"}
VNI_BASE = {"a": "a", "ă": "aê", "â": "aâ", "e": "e", "ê": "eâ", "i": "i", "o": "o", "ô": "oâ", "ơ": "ô", "u": "u", "ư": "ö", "y": "y"}
# Shapes whose toned form uses other mark bytes: â/ê/ô take á à å ã ä; ă takes é è ú ü ë.
VNI_CIRC_TONE = {"acute": "á", "grave": "à", "hook": "å", "tilde": "ã", "dot": "ä"}
VNI_BREVE_TONE = {"acute": "é", "grave": "è", "hook": "ú", "tilde": "ü", "dot": "ë"}
VNI_I = {"acute": "í", "grave": "ì", "hook": "æ", "tilde": "ó", "dot": "ò"}

def vni(letter, tone):
    if letter == "i" and tone:
        return VNI_I[tone]
    if letter == "y" and tone == "dot":
        return "î"
    if letter in "âêô" and tone:
        return letter_base(letter) + VNI_CIRC_TONE[tone]
    if letter == "ă" and tone:
        return "a" + VNI_BREVE_TONE[tone]
    return VNI_BASE[letter] + (VNI_TONE[tone] if tone else "")

def letter_base(letter):
    return {"â": "a", "ê": "e", "ô": "o"}[letter]

VIQR_SHAPE = {"a": "a", "ă": "a(", "â": "a^", "e": "e", "ê": "e^", "i": "i", "o": "o", "ô": "o^", "ơ": "o+", "u": "u", "ư": "u+", "y": "y"}
VIQR_TONE = {"": "", "acute": "'", "grave": "`", "hook": "?", "tilde": "~", "dot": "."}

vni_rows, viqr_rows = [], []
for letter in BASES:
    for tone, mark in TONES.items():
        ch = unicodedata.normalize("NFC", letter + mark)
        if ch == letter and letter in "aeiouy":
            continue  # ASCII: itself
        for upper in (False, True):
            c = ch.upper() if upper else ch
            v = vni(letter, tone)
            q = VIQR_SHAPE[letter] + VIQR_TONE[tone]
            vni_rows.append((c, v.upper() if upper else v))
            viqr_rows.append((c, q.upper() if upper else q))
vni_rows += [("đ", "ñ"), ("Đ", "Ñ")]
viqr_rows += [("đ", "dd"), ("Đ", "DD")]

def write_chars(path, rows, title):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# {title}\n# character\tsequence\n")
        for c, s in rows:
            f.write(f"{c}\t{s}\n")

write_chars("vni.tsv", vni_rows, "VNI-Windows (VNI-Times fonts): each Vietnamese letter as its byte sequence, written as Windows-1252 characters")
write_chars("viqr.tsv", viqr_rows, "VIQR (Vietnamese Quoted-Readable, RFC 1456): each Vietnamese letter as its mnemonic")
