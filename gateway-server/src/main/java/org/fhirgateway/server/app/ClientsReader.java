package org.fhirgateway.server.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.fhirgateway.server.auth.ClientDefinition;

/** Reads and checks the {@code clients:} list of the configuration file. */
final class ClientsReader {

    private static final Set<String> PURPOSES = ReleasePoliciesReader.PURPOSES;
    private static final Set<String> KEYS = Set.of("name", "token", "scopes", "purposeOfUse", "jwks", "organization");
    private static final Pattern SCOPE = Pattern.compile("system/(\\*|[A-Z][A-Za-z]+)\\.(read|write|\\*)");

    private final Path baseDir;
    private final String source;

    ClientsReader(Path baseDir, String source) {
        this.baseDir = baseDir;
        this.source = source;
    }

    List<ClientDefinition> read(JsonNode clients) {
        if (clients.isMissingNode() || clients.isNull()) {
            return List.of();
        }
        if (!clients.isArray()) {
            throw new ConfigException(source + ": clients must be a list");
        }
        List<ClientDefinition> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (JsonNode node : clients) {
            ClientDefinition client = client(node);
            if (!names.add(client.name())) {
                throw new ConfigException(source + ": client '" + client.name() + "' is declared twice");
            }
            if (client.staticToken() != null && !tokens.add(client.staticToken())) {
                throw new ConfigException(source + ": client '" + client.name() + "' reuses another client's token");
            }
            result.add(client);
        }
        return result;
    }

    private ClientDefinition client(JsonNode node) {
        String name = text(node, "name", "?");
        if (name == null || name.isBlank()) {
            throw new ConfigException(source + ": every client needs a name");
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new ConfigException(source + ": client '" + name + "': unknown key '" + key + "'");
            }
        });
        String purpose = text(node, "purposeOfUse", name);
        if (purpose == null || !PURPOSES.contains(purpose)) {
            throw new ConfigException(source + ": client '" + name + "': purposeOfUse must be one of " + PURPOSES);
        }
        Set<String> scopes = list(node, "scopes", name);
        for (String scope : scopes) {
            if (!SCOPE.matcher(scope).matches()) {
                throw new ConfigException(source + ": client '" + name + "': scope '" + scope
                        + "' is not of the form system/<Type|*>.<read|write|*>");
            }
        }
        String token = text(node, "token", name);
        if (token != null && token.length() < 16) {
            throw new ConfigException(source + ": client '" + name + "': a token needs at least 16 characters");
        }
        JWKSet jwks = jwks(node.path("jwks"), name);
        String organization = text(node, "organization", name);
        if (organization != null && !organization.matches("Organization/[A-Za-z0-9\\-.]{1,64}")) {
            throw new ConfigException(source + ": client '" + name + "': organization must be Organization/<id>");
        }
        return new ClientDefinition(name, token, scopes, purpose, jwks, organization);
    }

    private JWKSet jwks(JsonNode node, String client) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            JWKSet set = node.isObject() ? JWKSet.parse(node.toString()) : JWKSet.parse(Files.readString(jwksFile(node.asText(), client)));
            if (set.getKeys().isEmpty()) {
                throw new ConfigException(source + ": client '" + client + "': jwks holds no key");
            }
            return set.toPublicJWKSet();
        } catch (ParseException | IOException e) {
            throw new ConfigException(source + ": client '" + client + "': jwks unreadable: " + e.getMessage(), e);
        }
    }

    private Path jwksFile(String location, String client) {
        if (location.startsWith("http:") || location.startsWith("https:")) {
            throw new ConfigException(source + ": client '" + client + "': jwks must be inline or a file (no network fetch)");
        }
        Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        return path.isAbsolute() ? path : baseDir.resolve(path);
    }

    private String text(JsonNode node, String key, String client) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new ConfigException(source + ": client '" + client + "': " + key + " must be a single value");
        }
        return value.asText();
    }

    private Set<String> list(JsonNode node, String key, String client) {
        JsonNode value = node.path(key);
        Set<String> result = new LinkedHashSet<>();
        if (value.isMissingNode() || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            throw new ConfigException(source + ": client '" + client + "': " + key + " must be a list");
        }
        value.forEach(item -> result.add(item.asText()));
        return result;
    }
}
