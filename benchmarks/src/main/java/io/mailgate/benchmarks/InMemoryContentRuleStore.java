package io.mailgate.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.mailgate.api.ContentRuleStore;
import io.mailgate.api.ContentRules.Rule;

/** Content rules kept in a map, no audit: the benchmarks measure the engine, not Derby. */
public final class InMemoryContentRuleStore implements ContentRuleStore {

    private final Map<String, Rule> rules = new ConcurrentHashMap<>();

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
        return false;
    }

    @Override
    public Set<String> approvals(String tenantId) {
        return Set.of();
    }

    @Override
    public boolean approve(String tenantId, String category, String actor) {
        return false;
    }

    @Override
    public boolean revoke(String tenantId, String category, String actor) {
        return false;
    }

    @Override
    public List<Change> changes(String subjectPrefix, int limit) {
        return List.of();
    }
}
