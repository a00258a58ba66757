package org.fhirgateway.server.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fhirgateway.server.auth.ClientDefinition;

/** The YAML configuration file: scalar settings by their file key, and the list of clients. Unknown keys fail. */
final class YamlConfigFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String CLIENTS = "clients";
    private static final String RELEASE_POLICIES = "releasePolicies";

    private final JsonNode root;
    private final Path baseDir;
    private final String source;

    private YamlConfigFile(JsonNode root, Path baseDir, String source) {
        this.root = root == null || root.isNull() ? MissingNode.getInstance() : root;
        this.baseDir = baseDir;
        this.source = source;
        checkKeys();
    }

    static YamlConfigFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file not found: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            Path dir = file.toAbsolutePath().getParent();
            return new YamlConfigFile(YAML.readTree(in), dir, file.toString());
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + firstLine(e), e);
        }
    }

    /** The built-in configuration used when no file is given (identical to config/gateway.example.yaml). */
    static YamlConfigFile builtIn() {
        String resource = "gateway.example.yaml";
        try (InputStream in = YamlConfigFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException("built-in configuration missing: " + resource);
            }
            return new YamlConfigFile(YAML.readTree(in), Path.of(".").toAbsolutePath(), "built-in defaults");
        } catch (IOException e) {
            throw new ConfigException("built-in configuration unreadable", e);
        }
    }

    Optional<String> scalar(Setting setting) {
        JsonNode node = root.path(setting.fileKey());
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            throw new ConfigException(source + ": " + setting.fileKey() + " must be a single value");
        }
        return Optional.of(node.asText());
    }

    /** A path named in the file: relative paths are relative to the file's folder. */
    Path resolve(String value) {
        return baseDir.resolve(value.trim()).normalize();
    }

    org.fhirgateway.server.consent.ReleasePolicies releasePolicies() {
        return new ReleasePoliciesReader(source).read(root.path(RELEASE_POLICIES));
    }

    List<ClientDefinition> clients() {
        return new ClientsReader(baseDir, source).read(root.path(CLIENTS));
    }

    private void checkKeys() {
        if (root.isMissingNode()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigException(source + ": the top level must be a mapping");
        }
        Set<String> known = new HashSet<>();
        known.add(CLIENTS);
        known.add(RELEASE_POLICIES);
        EnumSet.allOf(Setting.class).forEach(s -> known.add(s.fileKey()));
        root.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw new ConfigException(source + ": unknown key '" + name + "' (known: " + known + ")");
            }
        });
    }

    private static String firstLine(IOException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
