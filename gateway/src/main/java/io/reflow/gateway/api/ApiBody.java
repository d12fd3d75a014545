package io.reflow.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaType;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a REST API request body: the declared {@code Content-Type} must be the one the route takes
 * (415 otherwise), at most {@link #MAX_BYTES} (413), one JSON value with no key given twice (400).
 */
final class ApiBody {

    /** The most bytes an API request body may have (1 MiB). */
    static final int MAX_BYTES = 1024 * 1024;

    /** What {@code POST} and {@code PUT} take. */
    static final String JSON = "application/json";

    /** What {@code PATCH} takes (RFC 7396). */
    static final String MERGE_PATCH = "application/merge-patch+json";

    private ApiBody() {}

    /**
     * The body of {@code req} as a JSON tree.
     *
     * @param mediaType the media type the route takes, without parameters
     * @throws ApiException naming what is wrong
     */
    static JsonNode read(ServerRequest req, String mediaType) {
        String declared =
                req.headers()
                        .contentType()
                        .map(HttpMediaType::mediaType)
                        .map(MediaType::text)
                        .orElse("");
        if (!declared.toLowerCase(Locale.ROOT).equals(mediaType)) {
            throw new ApiException(
                    415,
                    "unsupported_media_type",
                    "Content-Type must be "
                            + mediaType
                            + (declared.isEmpty()
                                    ? "; the request has none"
                                    : ", not " + Bounded.quoted(declared)),
                    "Content-Type");
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new ApiException(
                        413, "too_large", "body exceeds " + MAX_BYTES + " bytes (1 MiB)", null);
            }
            JsonNode node = Json.readStrict(bytes);
            if (node == null || node.isMissingNode()) {
                throw new ApiException(
                        400, "invalid_json", "empty body; expected a JSON object", null);
            }
            return node;
        } catch (Json.DuplicateKeyException e) {
            throw new ApiException(
                    400,
                    "duplicate_key",
                    "key " + Bounded.quoted(e.key()) + " is given twice in one object",
                    Bounded.field(e.key()));
        } catch (JsonProcessingException e) {
            // Only where: the parser's message quotes the body, which may hold env values.
            var at = e.getLocation();
            throw new ApiException(
                    400,
                    "invalid_json",
                    at == null
                            ? "body is not JSON"
                            : "body is not JSON (line "
                                    + at.getLineNr()
                                    + ", column "
                                    + at.getColumnNr()
                                    + ")",
                    null);
        } catch (IOException e) {
            throw new ApiException(400, "invalid_body", "cannot read the body", null);
        }
    }
}
