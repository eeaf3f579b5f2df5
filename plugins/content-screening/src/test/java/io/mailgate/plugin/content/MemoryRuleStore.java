package io.mailgate.plugin.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.mailgate.api.ContentRuleStore;
import io.mailgate.api.ContentRules.Rule;

/**
 * The gateway's rule store in memory, for the tests of this bundle (also inside Felix, where it
 * stands for the gateway's service) and the benchmarks: the database is not what they are about.
 * No audit.
 */
public final class MemoryRuleStore implements ContentRuleStore {

    private final Map<String, Rule> rules = new ConcurrentHashMap<>();
    private final Set<String> approvals = ConcurrentHashMap.newKeySet();

    @Override
    public List<Rule> rules() {
        return new ArrayList<>(rules.values());
    }

    @Override
    public void save(List<Rule> upserted, List<String> deleted, String actor) {
        upserted.forEach(rule -> rules.put(rule.id(), rule));
        deleted.forEach(rules::remove);
    }

    @Override
    public boolean approved(String tenantId, String category) {
        return approvals.contains(tenantId + "/" + category);
    }

    @Override
    public Set<String> approvals(String tenantId) {
        Set<String> categories = new TreeSet<>();
        approvals.stream().filter(approval -> approval.startsWith(tenantId + "/"))
                .forEach(approval -> categories.add(approval.substring(tenantId.length() + 1)));
        return categories;
    }

    @Override
    public boolean approve(String tenantId, String category, String actor) {
        return approvals.add(tenantId + "/" + category);
    }

    @Override
    public boolean revoke(String tenantId, String category, String actor) {
        return approvals.remove(tenantId + "/" + category);
    }

    @Override
    public List<Change> changes(String subjectPrefix, int limit) {
        return List.of();
    }
}
