package io.reflow.gateway.access;

import java.util.List;

/**
 * What one target offers, as its list methods answered: the names of its tools and prompts, the
 * URIs of its resources and the URI templates of its resource templates, the fields policies match.
 *
 * @param tools tool names
 * @param prompts prompt names
 * @param resources resource URIs
 * @param templates resource template URI templates
 * @param truncated whether a list was cut at the listing's limit, so more items may exist
 */
public record UpstreamItems(
        List<String> tools,
        List<String> prompts,
        List<String> resources,
        List<String> templates,
        boolean truncated) {

    /** Copies the lists. */
    public UpstreamItems {
        tools = List.copyOf(tools);
        prompts = List.copyOf(prompts);
        resources = List.copyOf(resources);
        templates = List.copyOf(templates);
    }

    /**
     * The items {@code view} allows, decided one by one exactly as the proxy decides the items of a
     * list answer ({@link ListFilter}) and the calls that name them.
     */
    public UpstreamItems allowedBy(PolicyIndex.View view) {
        return new UpstreamItems(
                allowed(view, ListKind.TOOLS, tools),
                allowed(view, ListKind.PROMPTS, prompts),
                allowed(view, ListKind.RESOURCES, resources),
                allowed(view, ListKind.TEMPLATES, templates),
                truncated);
    }

    private static List<String> allowed(PolicyIndex.View view, ListKind kind, List<String> names) {
        return names.stream().filter(n -> view.decide(kind.type(), n).allowed()).toList();
    }
}
