package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Admin calls for the access tests: policies made through the REST API, as an admin does. */
final class AccessFixture {

    private AccessFixture() {}

    /** An admin request with a JSON body (or none when {@code json} is null). */
    static HttpResponse<String> admin(URI base, String method, String path, String json) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + GatewayFixture.ADMIN_TOKEN);
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        return GatewayFixture.send(
                builder.method(
                                method,
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }

    /** Creates a policy; fails the test unless it is created. */
    static void policy(URI base, String json) {
        HttpResponse<String> created = admin(base, "POST", "/api/policies", json);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /** A policy for everyone allowing the items of {@code type} matching {@code pattern}. */
    static String allowEveryone(String id, String type, String pattern) {
        return """
                {"id":"%s","target_id":"everything","resource_type":"%s",\
                "resource_pattern":"%s","effect":"allow","subjects":[{"subject_type":"everyone"}]}"""
                .formatted(id, type, pattern);
    }
}
