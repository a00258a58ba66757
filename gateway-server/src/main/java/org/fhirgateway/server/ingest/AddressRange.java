package org.fhirgateway.server.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One entry of a sender allow-list: an address with a prefix length (CIDR, {@code 10.1.0.0/16}, {@code fd00::/8}),
 * or a single address. Only literal addresses are accepted: a name would be resolved once and go stale.
 */
public record AddressRange(byte[] network, int prefixBits) {

    /** @throws IllegalArgumentException naming the entry when it is not a literal address with an optional /bits */
    public static AddressRange parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (address.isEmpty() || !address.matches("[0-9A-Fa-f.:]+")) {
            throw new IllegalArgumentException("not an IP address or CIDR range: " + text);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress(); // a literal: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address or CIDR range: " + text);
        }
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a prefix length: " + text);
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + text);
            }
        }
        return new AddressRange(bytes, bits);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
        } catch (UnknownHostException e) {
            return "?/" + prefixBits;
        }
    }
}
