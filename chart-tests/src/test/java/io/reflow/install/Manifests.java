package io.reflow.install;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A set of Kubernetes objects (rendered by Helm or read from YAML files) with typed queries. */
record Manifests(List<HasMetadata> objects) {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    /** Parses multi-document YAML into fabric8 model objects. */
    static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            boolean empty =
                    document.lines()
                            .map(String::strip)
                            .allMatch(l -> l.isEmpty() || l.startsWith("#"));
            if (!empty) {
                objects.add(Serialization.unmarshal(document, HasMetadata.class));
            }
        }
        return new Manifests(List.copyOf(objects));
    }

    /** Reads every {@code *.yaml} and {@code *.yml} file of a directory. */
    static Manifests readDirectory(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<HasMetadata> objects = new ArrayList<>();
            for (Path file :
                    files.filter(f -> f.toString().matches(".*\\.ya?ml$")).sorted().toList()) {
                objects.addAll(parse(Files.readString(file)).objects());
            }
            return new Manifests(List.copyOf(objects));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory, e);
        }
    }

    /** This set and another one together. */
    Manifests and(Manifests other) {
        List<HasMetadata> all = new ArrayList<>(objects);
        all.addAll(other.objects);
        return new Manifests(List.copyOf(all));
    }

    /** Every object of one model type. */
    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Every object of one kind, whatever its model type (custom kinds are generic). */
    List<HasMetadata> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    /** The object of a type with a name, if any. */
    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    /** The object of a type with a name; fails naming what is missing. */
    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name)
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no "
                                                + type.getSimpleName()
                                                + " named "
                                                + name
                                                + " in "
                                                + describe()));
    }

    /** Pod templates of every workload. */
    List<PodTemplateSpec> podTemplates() {
        return all(Deployment.class).stream().map(d -> d.getSpec().getTemplate()).toList();
    }

    /** Every container (including init containers) of every workload. */
    List<Container> containers() {
        List<Container> containers = new ArrayList<>();
        for (PodTemplateSpec template : podTemplates()) {
            containers.addAll(template.getSpec().getContainers());
            if (template.getSpec().getInitContainers() != null) {
                containers.addAll(template.getSpec().getInitContainers());
            }
        }
        return containers;
    }

    /** Kind/namespace/name of every object, for messages and comparisons. */
    List<String> describe() {
        return objects.stream().map(Manifests::key).sorted().toList();
    }

    /** Kind/namespace/name of one object. */
    static String key(HasMetadata object) {
        return object.getKind()
                + "/"
                + Optional.ofNullable(object.getMetadata().getNamespace()).orElse("")
                + "/"
                + object.getMetadata().getName();
    }
}
