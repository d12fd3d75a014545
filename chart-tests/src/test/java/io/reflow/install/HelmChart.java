package io.reflow.install;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the chart with real Helm (helm-java embeds Helm 3), as {@code helm template} would, with
 * release name {@value #RELEASE} in namespace {@value #NAMESPACE} unless told otherwise.
 */
final class HelmChart {

    /** Release name of every render; the chart's full name is then "reflow". */
    static final String RELEASE = "reflow";

    /** Release namespace of every render. */
    static final String NAMESPACE = "reflow-system";

    private final Map<String, Object> values = new LinkedHashMap<>();
    private String release = RELEASE;

    private HelmChart() {}

    /** A render with the chart's default values. */
    static HelmChart defaults() {
        return new HelmChart();
    }

    /** A render with values set as {@code --set key=value} would. */
    static HelmChart with(Map<String, ?> values) {
        HelmChart chart = new HelmChart();
        chart.values.putAll(values);
        return chart;
    }

    /** Adds one {@code --set key=value}. */
    HelmChart set(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** Uses another release name. */
    HelmChart release(String name) {
        release = name;
        return this;
    }

    /** The rendered YAML. */
    String renderYaml() {
        ChartTestCluster.shared();
        TemplateCommand template =
                new Helm(Repository.chart()).template().withName(release).withNamespace(NAMESPACE);
        for (Map.Entry<String, Object> value : values.entrySet()) {
            template = template.set(value.getKey(), value.getValue());
        }
        return template.call();
    }

    /** The rendered objects. */
    Manifests render() {
        return Manifests.parse(renderYaml());
    }

    /** {@code helm lint --strict} of the chart with its default values. */
    static LintResult lintStrict() {
        return new Helm(Repository.chart()).lint().strict().call();
    }
}
