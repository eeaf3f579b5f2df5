package io.mailgate.mailauth.dkim;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;

/**
 * The signing algorithms a verifier accepts today: {@code rsa-sha256} (RFC 6376, 3.3.1) and
 * {@code ed25519-sha256} (RFC 8463). {@code rsa-sha1} is refused, as RFC 8301 says.
 */
public enum DkimAlgorithm {

    RSA_SHA256("rsa-sha256", "rsa") {
        @Override
        boolean verify(PublicKey key, byte[] headerData, byte[] signature) throws GeneralSecurityException {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(headerData);
            return verifier.verify(signature);
        }
    },

    /** PureEdDSA over the SHA-256 hash of the header data, not over the data itself (RFC 8463, 3). */
    ED25519_SHA256("ed25519-sha256", "ed25519") {
        @Override
        boolean verify(PublicKey key, byte[] headerData, byte[] signature) throws GeneralSecurityException {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(MessageDigest.getInstance("SHA-256").digest(headerData));
            return verifier.verify(signature);
        }
    };

    private final String tag;
    private final String keyType;

    DkimAlgorithm(String tag, String keyType) {
        this.tag = tag;
        this.keyType = keyType;
    }

    /** The value of the signature's {@code a=} tag. */
    public String tag() {
        return tag;
    }

    /** The key record's {@code k=} value this algorithm needs. */
    String keyType() {
        return keyType;
    }

    abstract boolean verify(PublicKey key, byte[] headerData, byte[] signature) throws GeneralSecurityException;

    static DkimAlgorithm byTag(String tag) throws DkimException {
        for (DkimAlgorithm algorithm : values()) {
            if (algorithm.tag.equalsIgnoreCase(tag)) {
                return algorithm;
            }
        }
        if ("rsa-sha1".equalsIgnoreCase(tag)) {
            throw new DkimException("bad tag: a=rsa-sha1 is no longer accepted (RFC 8301)");
        }
        throw new DkimException("bad tag: a=" + tag + " is not a known algorithm");
    }
}
