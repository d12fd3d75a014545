package io.reflow.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Label values as map keys, checked against the family's label names. */
final class Labels {

    private static final Comparator<List<String>> BY_VALUES =
            (a, b) -> {
                for (int i = 0; i < a.size(); i++) {
                    int c = a.get(i).compareTo(b.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            };

    private Labels() {}

    static List<String> values(List<String> names, String[] values, String metric) {
        if (values.length != names.size()) {
            throw new IllegalArgumentException(
                    "metric '"
                            + metric
                            + "' takes labels "
                            + names
                            + " but got "
                            + values.length
                            + " values");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new IllegalArgumentException(
                        "metric '" + metric + "': label '" + names.get(i) + "' is null");
            }
        }
        return List.of(values);
    }

    /** Children ordered by their label values, so a scrape reads the same every time. */
    static <V> List<Map.Entry<List<String>, V>> sorted(Map<List<String>, V> children) {
        List<Map.Entry<List<String>, V>> entries = new ArrayList<>(children.entrySet());
        entries.sort(Map.Entry.comparingByKey(BY_VALUES));
        return entries;
    }
}
