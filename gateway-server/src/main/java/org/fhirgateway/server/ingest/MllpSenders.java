package org.fhirgateway.server.ingest;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.fhirgateway.mappers.MappingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual TLS: the client certificate names a sender (its subject CN), and a CN mapped in the configuration may
 * only send messages from that sending facility (MSH-4, first component); any other is refused with AR
 * {@code SENDER_NOT_ALLOWED}, logged with the source address, and not stored.
 */
final class MllpSenders {

    private static final Logger LOG = LoggerFactory.getLogger(MllpSenders.class);

    private MllpSenders() {
    }

    /** The facility the peer's certificate is bound to, or null when it is not mapped (or TLS is not mutual). */
    static String of(SSLSocket socket, MllpSettings.Tls tls) {
        if (tls == null || !tls.mutual() || tls.senders().isEmpty()) {
            return null;
        }
        String cn = commonName(socket);
        return cn == null ? null : tls.senders().get(cn);
    }

    static IngestService.Reply receiveFrom(String facility, byte[] message, IngestService ingest, InetAddress source) {
        V2Header header;
        try {
            header = V2HeaderReader.read(new String(message, 0, Math.min(message.length, 4096),
                    StandardCharsets.ISO_8859_1));
        } catch (MappingException e) {
            return ingest.receive(message); // unreadable: the usual NACK, nothing stored
        }
        String sent = header.sendingFacility() == null ? "" : header.sendingFacility().split("\\^", 2)[0];
        if (!facility.equals(sent)) {
            LOG.warn("mllp: message from {} refused: its certificate is not bound to that sending facility",
                    source.getHostAddress());
            return ingest.refuse(header, IngestError.of("SENDER_NOT_ALLOWED",
                    "this client certificate may only send messages from its own sending facility"), null);
        }
        return ingest.receive(message);
    }

    private static String commonName(SSLSocket socket) {
        try {
            Certificate[] chain = socket.getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate x509)) {
                return null;
            }
            for (Rdn rdn : new LdapName(x509.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
            return null;
        } catch (SSLPeerUnverifiedException | InvalidNameException e) {
            return null;
        }
    }
}
