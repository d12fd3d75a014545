package io.reflow.gateway.access;

import com.google.re2j.Pattern;
import io.reflow.gateway.auth.Identity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation rule over a fixed set of policies, indexed for speed: enabled policies only,
 * grouped by target (and "every target") and by subject key, patterns compiled once. Immutable; a
 * change of policies builds a new index.
 *
 * <p>The rule: of the enabled policies whose target and subjects match the caller and whose type
 * and pattern match the item, the first in order decides, the order being priority (higher first),
 * deny before allow at equal priority, then id. No match denies. An index of no policy at all
 * allows everything, and admins are not subject to policies.
 */
public final class PolicyIndex {

    /** The index of no policy: everything is allowed. */
    public static final PolicyIndex EMPTY = new PolicyIndex(List.of());

    private static final String EVERY_TARGET = "";
    private static final Rule[] NONE = new Rule[0];

    private final int size;
    private final Map<String, Map<String, Rule[]>> byTarget;

    /** One compiled policy and its place in the evaluation order. */
    private record Rule(Policy policy, Pattern pattern, String prefix, int order) {

        boolean matches(ResourceType type, String name) {
            return policy.resourceType().covers(type)
                    && (pattern == null
                            || (name.startsWith(prefix) && pattern.matcher(name).find()));
        }

        /** Whether this rule decides every item of the target. */
        boolean coversEverything() {
            return policy.resourceType() == ResourceType.ALL && pattern == null;
        }
    }

    /** Indexes {@code policies}; each must be valid ({@link PolicyJson} checks them). */
    public PolicyIndex(List<Policy> policies) {
        List<Policy> sorted =
                policies.stream()
                        .sorted(
                                Comparator.comparingInt(Policy::priority)
                                        .reversed()
                                        .thenComparing(p -> p.effect() == Effect.DENY ? 0 : 1)
                                        .thenComparing(Policy::id))
                        .toList();
        Map<String, Map<String, List<Rule>>> building = new HashMap<>();
        int order = 0;
        for (Policy policy : sorted) {
            order++;
            if (!policy.enabled()) {
                continue;
            }
            Pattern pattern =
                    policy.matchesEveryName() ? null : Pattern.compile(policy.resourcePattern());
            Rule rule =
                    new Rule(
                            policy,
                            pattern,
                            pattern == null ? "" : LiteralPrefix.of(policy.resourcePattern()),
                            order);
            String target = policy.targetId() == null ? EVERY_TARGET : policy.targetId();
            Map<String, List<Rule>> bySubject =
                    building.computeIfAbsent(target, t -> new HashMap<>());
            policy.subjects().stream()
                    .map(PolicySubject::key)
                    .distinct()
                    .forEach(k -> bySubject.computeIfAbsent(k, x -> new ArrayList<>()).add(rule));
        }
        this.size = policies.size();
        this.byTarget = new HashMap<>();
        building.forEach(
                (target, subjects) -> {
                    Map<String, Rule[]> frozen = new HashMap<>();
                    subjects.forEach((k, rules) -> frozen.put(k, rules.toArray(NONE)));
                    byTarget.put(target, frozen);
                });
    }

    /** Whether there is no policy at all (enabled or not): then everything is allowed. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The policies that apply to {@code identity} on {@code target}, in evaluation order. */
    public View view(Identity identity, String target) {
        if (isEmpty()) {
            return View.ALLOW_ALL_NO_POLICIES;
        }
        if (identity.admin()) {
            return View.ALLOW_ALL_ADMIN;
        }
        List<Rule[]> lists = new ArrayList<>(8);
        collect(byTarget.get(target), identity, lists);
        collect(byTarget.get(EVERY_TARGET), identity, lists);
        return new View(merge(lists), null);
    }

    private static void collect(
            Map<String, Rule[]> bySubject, Identity identity, List<Rule[]> out) {
        if (bySubject == null) {
            return;
        }
        add(bySubject.get("everyone:"), out);
        if (identity.kind() == Identity.Kind.USER) {
            // user, role and group subjects name JWT users; built-in identities only match
            // everyone.
            add(bySubject.get("user:" + identity.subject()), out);
            if (identity.role() != null) {
                add(bySubject.get("role:" + identity.role()), out);
            }
            for (String group : identity.groups()) {
                add(bySubject.get("group:" + group), out);
            }
        }
    }

    private static void add(Rule[] rules, List<Rule[]> out) {
        if (rules != null) {
            out.add(rules);
        }
    }

    /** The rules of every list in evaluation order, each once. */
    private static Rule[] merge(List<Rule[]> lists) {
        if (lists.isEmpty()) {
            return NONE;
        }
        if (lists.size() == 1) {
            return lists.get(0);
        }
        int total = 0;
        for (Rule[] rules : lists) {
            total += rules.length;
        }
        Rule[] all = new Rule[total];
        int at = 0;
        for (Rule[] rules : lists) {
            System.arraycopy(rules, 0, all, at, rules.length);
            at += rules.length;
        }
        Arrays.sort(all, Comparator.comparingInt(Rule::order));
        int kept = 0;
        for (int i = 0; i < all.length; i++) {
            if (kept == 0 || all[kept - 1].order() != all[i].order()) {
                all[kept++] = all[i];
            }
        }
        return kept == all.length ? all : Arrays.copyOf(all, kept);
    }

    /** The policies that apply to one caller on one target, ready to decide items. */
    public static final class View {

        static final View ALLOW_ALL_NO_POLICIES = new View(NONE, Decision.NO_POLICIES);
        static final View ALLOW_ALL_ADMIN = new View(NONE, Decision.ADMIN);

        private final Rule[] rules;
        private final Decision always;

        private View(Rule[] rules, Decision always) {
            this.rules = rules;
            this.always = always;
        }

        /** The decision for the item {@code name} of {@code type}. */
        public Decision decide(ResourceType type, String name) {
            if (always != null) {
                return always;
            }
            for (Rule rule : rules) {
                if (rule.matches(type, name)) {
                    Policy policy = rule.policy();
                    return new Decision(
                            policy.effect() == Effect.ALLOW, Decision.Reason.POLICY, policy.id());
                }
            }
            return Decision.NO_MATCH;
        }

        /**
         * Whether the caller may use the target at all: some allow comes before any deny that
         * covers every item. Decides initialize, ping, the session stream and every other message
         * that names no item.
         */
        public Decision target() {
            if (always != null) {
                return always;
            }
            for (Rule rule : rules) {
                if (rule.policy().effect() == Effect.ALLOW) {
                    return new Decision(true, Decision.Reason.POLICY, rule.policy().id());
                }
                if (rule.coversEverything()) {
                    return new Decision(false, Decision.Reason.POLICY, rule.policy().id());
                }
            }
            return Decision.NO_MATCH;
        }

        /** Whether every item is allowed, so answers need no filtering. */
        public boolean allowsEverything() {
            return always != null
                    || (rules.length > 0
                            && rules[0].coversEverything()
                            && rules[0].policy().effect() == Effect.ALLOW);
        }
    }
}
