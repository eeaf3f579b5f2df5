"""Signs a message with dkimpy (Debian: python3-dkim), for the verifier's tests.

Usage: dkim_sign.py MESSAGE_FILE KEY_FILE SELECTOR DOMAIN ALGORITHM HEADER_CANON/BODY_CANON HEADERS|- LENGTH(yes|no)
KEY_FILE: for rsa-sha256 a PKCS#1 PEM key, for ed25519-sha256 the base64 32-byte seed.
HEADERS: the h= names, colon-separated, repeats allowed (over-signing); "-" for dkimpy's default.
Prints the signed message (the DKIM-Signature field on top) to stdout.
Exit status 3 when dkimpy (or PyNaCl) is missing.
"""
import sys

try:
    import dkim
    import nacl.signing  # noqa: F401 (dkimpy signs ed25519-sha256 with it)
except ImportError as e:
    print("python3-dkim is missing (%s): apt-get install python3-dkim" % e, file=sys.stderr)
    sys.exit(3)

message_file, key_file, selector, domain, algorithm, canon, headers, length = sys.argv[1:9]
message = open(message_file, "rb").read()
key = open(key_file, "rb").read()
header_canon, body_canon = canon.split("/")
include = None if headers == "-" else [h.encode("ascii") for h in headers.split(":")]
signature = dkim.sign(message, selector.encode("ascii"), domain.encode("ascii"), key,
                      canonicalize=(header_canon.encode("ascii"), body_canon.encode("ascii")),
                      signature_algorithm=algorithm.encode("ascii"), include_headers=include,
                      length=(length == "yes"))
sys.stdout.buffer.write(signature + message)
