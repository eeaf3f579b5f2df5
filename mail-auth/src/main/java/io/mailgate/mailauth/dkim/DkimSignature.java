package io.mailgate.mailauth.dkim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * One DKIM-Signature header field, its tags checked (RFC 6376, 3.5 and 6.1.1).
 *
 * @param field the field as written (name, colon, value with folding), for the header hash
 * @param algorithm {@code a=}
 * @param domain {@code d=}, in lower case
 * @param selector {@code s=}
 * @param headerCanonicalization the first half of {@code c=} (default simple)
 * @param bodyCanonicalization the second half of {@code c=} (default simple)
 * @param signedHeaders {@code h=}, names in lower case, in order, repeats kept (over-signing)
 * @param bodyHash {@code bh=}, decoded
 * @param signature {@code b=}, decoded
 * @param bodyLength {@code l=}, when given: how many bytes of the canonical body are signed
 * @param identityDomain the domain of {@code i=}, in lower case; empty when there is no i=
 */
record DkimSignature(String field, DkimAlgorithm algorithm, String domain, String selector,
                     Canonicalization headerCanonicalization, Canonicalization bodyCanonicalization,
                     List<String> signedHeaders, byte[] bodyHash, byte[] signature, OptionalLong bodyLength,
                     String identityDomain) {

    /** How far in the future t= may be before the signature is refused: clocks differ a little. */
    private static final long CLOCK_SLACK_SECONDS = 300;

    static DkimSignature of(String field, TagList tags, Instant now) throws DkimException {
        if (!"1".equals(tags.require("v"))) {
            throw new DkimException("bad tag: v=" + tags.require("v") + " is not 1");
        }
        DkimAlgorithm algorithm = DkimAlgorithm.byTag(tags.require("a"));
        String domain = tags.require("d").toLowerCase(Locale.ROOT);
        String selector = tags.require("s");
        if (domain.isEmpty() || selector.isEmpty()) {
            throw new DkimException("bad tag: d= and s= must not be empty");
        }
        String[] canonicalizations = tags.get("c").orElse("simple/simple").split("/", -1);
        if (canonicalizations.length > 2) {
            throw new DkimException("bad tag: c=" + tags.get("c").orElse("") + " is not header/body");
        }
        Canonicalization header = Canonicalization.byLabel(canonicalizations[0]);
        Canonicalization body = canonicalizations.length == 2
                ? Canonicalization.byLabel(canonicalizations[1]) : Canonicalization.SIMPLE;

        List<String> signedHeaders = new ArrayList<>();
        for (String name : TagList.withoutFws(tags.require("h")).split(":", -1)) {
            signedHeaders.add(name.toLowerCase(Locale.ROOT));
        }
        if (!signedHeaders.contains("from")) {
            throw new DkimException("bad tag: h= does not sign From");
        }
        byte[] bodyHash = base64(tags, "bh");
        byte[] signature = base64(tags, "b");

        String identityDomain = "";
        if (tags.get("i").isPresent()) {
            String identity = tags.get("i").get().toLowerCase(Locale.ROOT);
            identityDomain = identity.substring(identity.lastIndexOf('@') + 1);
            if (!identity.contains("@") || !(identityDomain.equals(domain) || identityDomain.endsWith("." + domain))) {
                throw new DkimException("bad tag: i=" + identity + " is not in the domain d=" + domain);
            }
        }
        if (tags.get("q").isPresent() && !List.of(TagList.withoutFws(tags.get("q").get()).split(":")).contains("dns/txt")) {
            throw new DkimException("bad tag: q=" + tags.get("q").get() + " does not offer dns/txt");
        }
        OptionalLong bodyLength = number(tags, "l");
        OptionalLong timestamp = number(tags, "t");
        OptionalLong expiry = number(tags, "x");
        if (expiry.isPresent() && timestamp.isPresent() && expiry.getAsLong() < timestamp.getAsLong()) {
            throw new DkimException("bad tag: x= is before t=");
        }
        if (expiry.isPresent() && expiry.getAsLong() < now.getEpochSecond()) {
            throw new DkimException("signature expired (x=" + Instant.ofEpochSecond(expiry.getAsLong()) + ")");
        }
        if (timestamp.isPresent() && timestamp.getAsLong() > now.getEpochSecond() + CLOCK_SLACK_SECONDS) {
            throw new DkimException("bad tag: t=" + Instant.ofEpochSecond(timestamp.getAsLong()) + " is in the future");
        }
        return new DkimSignature(field, algorithm, domain, selector, header, body, List.copyOf(signedHeaders),
                bodyHash, signature, bodyLength, identityDomain);
    }

    /** Where the key record is: {@code <s>._domainkey.<d>}. */
    String keyName() {
        return selector + "._domainkey." + domain;
    }

    /**
     * The field with the value of {@code b=} emptied, everything else as written: what the signer
     * hashed (RFC 6376, 3.7).
     */
    String withEmptySignature() {
        int specStart = field.indexOf(':') + 1;
        while (true) {
            int semicolon = field.indexOf(';', specStart);
            int specEnd = semicolon < 0 ? field.length() : semicolon;
            int eq = field.indexOf('=', specStart);
            if (eq >= 0 && eq < specEnd && TagList.withoutFws(field.substring(specStart, eq)).equals("b")) {
                return field.substring(0, eq + 1) + field.substring(specEnd);
            }
            if (semicolon < 0) {
                return field;
            }
            specStart = semicolon + 1;
        }
    }

    private static byte[] base64(TagList tags, String name) throws DkimException {
        try {
            return Base64.getDecoder().decode(TagList.withoutFws(tags.require(name)));
        } catch (IllegalArgumentException e) {
            throw new DkimException("bad tag: " + name + "= is not base64");
        }
    }

    private static OptionalLong number(TagList tags, String name) throws DkimException {
        if (tags.get(name).isEmpty()) {
            return OptionalLong.empty();
        }
        String value = tags.get(name).get();
        if (!value.matches("[0-9]{1,76}")) {
            throw new DkimException("bad tag: " + name + "=" + value + " is not a number");
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.of(Long.MAX_VALUE); // more digits than a long: as good as forever
        }
    }
}
