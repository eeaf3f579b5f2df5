package io.mailgate.mailauth.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A key record (RFC 6376, 3.6.1; RFC 8463, 4): {@code v=DKIM1; k=rsa|ed25519; p=<base64>} with
 * the optional {@code h=}, {@code s=} and {@code t=} tags checked.
 *
 * @param keyType {@code k=} (default rsa)
 * @param key the public key
 * @param strict {@code t=s}: the signature's i= domain must be d= itself, not a subdomain
 */
record DkimKey(String keyType, PublicKey key, boolean strict) {

    /** The DER header of an Ed25519 SubjectPublicKeyInfo: the record holds only the 32 key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    /** RFC 8301, 3.2: verifiers must not accept RSA keys shorter than 1024 bits. */
    private static final int MIN_RSA_BITS = 1024;

    static DkimKey parse(String record) throws DkimException {
        TagList tags = TagList.parse(record);
        if (tags.get("v").isPresent() && (!tags.isFirst("v") || !tags.get("v").get().equals("DKIM1"))) {
            throw new DkimException("bad key record: v= must come first and be DKIM1");
        }
        String keyType = TagList.lowerCase(tags.get("k").orElse("rsa"));
        if (tags.get("h").isPresent() && !List.of(TagList.withoutFws(tags.get("h").get()).split(":")).contains("sha256")) {
            throw new DkimException("bad key record: h= does not allow sha256");
        }
        if (tags.get("s").isPresent()) {
            List<String> services = List.of(TagList.withoutFws(tags.get("s").get()).split(":"));
            if (!services.contains("*") && !services.contains("email")) {
                throw new DkimException("bad key record: s= does not allow email");
            }
        }
        boolean strict = List.of(TagList.withoutFws(tags.get("t").orElse("")).split(":")).contains("s");
        String p = TagList.withoutFws(tags.require("p"));
        if (p.isEmpty()) {
            throw new DkimException("key revoked (empty p=)");
        }
        byte[] encoded;
        try {
            encoded = Base64.getDecoder().decode(p);
        } catch (IllegalArgumentException e) {
            throw new DkimException("bad key record: p= is not base64");
        }
        return new DkimKey(keyType, publicKey(keyType, encoded), strict);
    }

    private static PublicKey publicKey(String keyType, byte[] encoded) throws DkimException {
        try {
            switch (keyType) {
                case "rsa" -> {
                    PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(encoded));
                    if (((RSAPublicKey) key).getModulus().bitLength() < MIN_RSA_BITS) {
                        throw new DkimException("bad key record: RSA key shorter than " + MIN_RSA_BITS + " bits");
                    }
                    return key;
                }
                case "ed25519" -> {
                    if (encoded.length != 32) {
                        throw new DkimException("bad key record: an ed25519 p= is 32 bytes, not " + encoded.length);
                    }
                    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
                    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
                    System.arraycopy(encoded, 0, spki, ED25519_SPKI_PREFIX.length, 32);
                    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
                }
                default -> throw new DkimException("bad key record: unknown key type k=" + keyType);
            }
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new DkimException("bad key record: p= is not a " + keyType + " public key");
        }
    }
}
