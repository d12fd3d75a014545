package io.reflow.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads the config file's YAML into a tree. Apart from the config parser so that a gateway started
 * without a config file never loads the YAML parser.
 */
final class YamlReader {

    private static final YAMLFactory YAML = new YAMLFactory();

    private YamlReader() {}

    /**
     * The tree of {@code yaml}.
     *
     * @throws ConfigException when the text is not valid YAML
     */
    static JsonNode read(String yaml) {
        try (JsonParser parser = YAML.createParser(yaml)) {
            return Json.read(parser);
        } catch (JsonProcessingException e) {
            throw new ConfigException("(file): not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
