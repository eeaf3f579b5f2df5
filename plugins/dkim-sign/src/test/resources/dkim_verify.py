"""Verifies every DKIM-Signature of one message with dkimpy (Debian: python3-dkim).

Usage: dkim_verify.py MESSAGE_FILE NAME=TXT...
The NAME=TXT pairs stand in for DNS: NAME is <selector>._domainkey.<domain>, TXT its record.
Prints one line per signature, top to bottom: "<a= value> pass" or "<a= value> fail <reason>".
Exit status 0 when it ran (whatever the results), 3 when dkimpy (or PyNaCl) is missing.
"""
import sys

try:
    import dkim
    import nacl.signing  # noqa: F401 (dkimpy verifies ed25519-sha256 with it)
except ImportError as e:
    print("python3-dkim is missing (%s): apt-get install python3-dkim" % e, file=sys.stderr)
    sys.exit(3)

message = open(sys.argv[1], "rb").read()
records = dict(arg.split("=", 1) for arg in sys.argv[2:])


def dnsfunc(name, timeout=5):
    txt = records.get(name.decode("ascii").rstrip("."))
    return txt.encode("ascii") if txt is not None else None


count = sum(1 for (name, _) in dkim.DKIM(message).headers if name.lower() == b"dkim-signature")
for idx in range(count):
    d = dkim.DKIM(message, minkey=2048)
    try:
        result = "pass" if d.verify(idx=idx, dnsfunc=dnsfunc) else "fail signature or body hash"
    except dkim.DKIMException as e:
        result = "fail %s" % e
    algorithm = d.signature_fields.get(b"a", b"?").decode("ascii")
    print("%s %s" % (algorithm, result))
