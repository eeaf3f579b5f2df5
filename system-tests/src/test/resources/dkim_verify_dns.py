"""Verifies every DKIM-Signature of one message with dkimpy (Debian: python3-dkim), reading the
keys from the DNS server given (the tests' dnsmasq), not from the system's resolver.

Usage: dkim_verify_dns.py DNS_SERVER_ADDRESS MESSAGE_FILE
Prints one line per signature, top to bottom: "<a= value> pass" or "<a= value> fail".
Exit status 0 when it ran, 3 when dkimpy, dnspython or PyNaCl is missing.
"""
import sys

try:
    import dkim
    import dns.resolver
    import nacl.signing  # noqa: F401 (dkimpy verifies ed25519-sha256 with it)
except ImportError as e:
    print("python3-dkim is missing (%s): apt-get install python3-dkim" % e, file=sys.stderr)
    sys.exit(3)

resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = [sys.argv[1]]
message = open(sys.argv[2], "rb").read()


def dnsfunc(name, timeout=5):
    answer = resolver.resolve(name.decode("ascii"), "TXT", lifetime=timeout)
    return b"".join(answer[0].strings)


count = sum(1 for (name, _) in dkim.DKIM(message).headers if name.lower() == b"dkim-signature")
for idx in range(count):
    d = dkim.DKIM(message, minkey=2048)
    try:
        ok = d.verify(idx=idx, dnsfunc=dnsfunc)
    except dkim.DKIMException as e:
        print("error: %s" % e, file=sys.stderr)
        ok = False
    algorithm = d.signature_fields.get(b"a", b"?").decode("ascii")
    print(algorithm + (" pass" if ok else " fail"))
