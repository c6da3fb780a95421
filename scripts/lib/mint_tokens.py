"""Valid personal tokens and their rows, for the load tests (scripts/lib/common.sh, lk_mint).

mint_tokens.py PEPPER USER_ID N SLICES THREADS WORK: writes WORK/rows.tsv (id, user, name, HMAC-SHA-256
of the token under the pepper, hint, scopes) and the tokens themselves to WORK/tokens-<s>-<t>.txt:
token i goes to slice i % SLICES and, within it, to thread (i // SLICES) % THREADS, so that every wrk
thread of every round walks tokens of its own.
"""
import hashlib
import hmac
import os
import sys
import uuid
import zlib

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def b62(v, width):
    out = []
    for _ in range(width):
        v, r = divmod(v, 62)
        out.append(ALPHABET[r])
    return "".join(reversed(out))


def main(pepper, user, n, slices, threads, work):
    files = {(s, t): open(f"{work}/tokens-{s}-{t}.txt", "w") for s in range(slices) for t in range(threads)}
    with open(f"{work}/rows.tsv", "w") as rows:
        for i in range(n):
            body = "lkp_" + b62(int.from_bytes(os.urandom(32), "big"), 43)
            token = body + b62(zlib.crc32(body.encode()), 6)
            digest = hmac.new(pepper, token.encode(), hashlib.sha256).hexdigest()
            files[(i % slices, (i // slices) % threads)].write(token + "\n")
            rows.write(f"{uuid.uuid4()}\t{user}\tload {i}\t{digest}\t{token[-4:]}\tpipelines:run\n")
    for f in files.values():
        f.close()


if __name__ == "__main__":
    main(sys.argv[1].encode(), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
