package io.mailgate.api;

/**
 * Makes the unsubscribe links of one message to one recipient (POLICY.md REQ-1 … REQ-3), as an OSGi
 * service of the gateway: the signing keys and the public endpoint live in the gateway, the footer
 * stage only asks for links. A link names the tenant, the resource, the recipient and the mailing,
 * is signed, and keeps working at least 30 days.
 */
public interface UnsubscribeLinks {

    /**
     * @param url    the page and one-click endpoint, {@code https://…/u/<token>} (RFC 8058)
     * @param mailto the link that unsubscribes by mail (RFC 6068), {@code mailto:unsubscribe@<bounce
     *               domain>?subject=unsubscribe%20<token>}
     */
    record Links(String url, String mailto) {

        /** The value of the {@code List-Unsubscribe} header (RFC 2369): the https link first. */
        public String listUnsubscribeHeader() {
            return "<" + url + ">, <" + mailto + ">";
        }
    }

    /** Links for {@code recipient}; {@code resource} and {@code mailing} may be empty. */
    Links issue(String tenantId, String resource, String recipient, String mailing);
}
