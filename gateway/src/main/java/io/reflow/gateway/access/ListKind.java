package io.reflow.gateway.access;

/**
 * A list method whose answer is filtered: where its items are and which field names them.
 *
 * @param type the kind of item the policies decide
 * @param arrayField the field of the result holding the items
 * @param nameField the field of an item that policies match
 */
record ListKind(ResourceType type, String arrayField, String nameField) {

    static final ListKind TOOLS = new ListKind(ResourceType.TOOL, "tools", "name");
    static final ListKind PROMPTS = new ListKind(ResourceType.PROMPT, "prompts", "name");
    static final ListKind RESOURCES = new ListKind(ResourceType.RESOURCE, "resources", "uri");
    static final ListKind TEMPLATES =
            new ListKind(ResourceType.RESOURCE, "resourceTemplates", "uriTemplate");

    /** The kind of the list method {@code method}, or null when it is not one. */
    static ListKind of(String method) {
        return switch (method) {
            case "tools/list" -> TOOLS;
            case "prompts/list" -> PROMPTS;
            case "resources/list" -> RESOURCES;
            case "resources/templates/list" -> TEMPLATES;
            default -> null;
        };
    }
}
