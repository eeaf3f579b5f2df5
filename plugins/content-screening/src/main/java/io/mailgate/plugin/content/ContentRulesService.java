package io.mailgate.plugin.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.mail.internet.MimeMessage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.mailgate.api.ContentRuleStore;
import io.mailgate.api.ContentRules;

/**
 * The rules at run time, for the REST admin: each change is checked (the query must parse), stored
 * with its audit entry, then applied to the monitor, so that the next message sees it. The rule
 * tester screens with the same screener as the chain.
 */
@Component(service = ContentRules.class)
public class ContentRulesService implements ContentRules {

    private final ContentScreening screening;
    private final ContentRuleStore store;

    @Activate
    public ContentRulesService(@Reference ContentScreening screening, @Reference ContentRuleStore store) {
        this.screening = screening;
        this.store = store;
    }

    @Override
    public List<ContentRules.Category> categories() {
        return Arrays.stream(io.mailgate.plugin.content.Category.values())
                .map(category -> new ContentRules.Category(category.id(), category.policy(), category.label())).toList();
    }

    @Override
    public List<Rule> list() {
        return screening.engine().rules().stream().map(ContentRule::toApi).toList();
    }

    @Override
    public Optional<Rule> get(String id) {
        return screening.engine().rules().stream().filter(rule -> rule.id().equals(id)).findFirst().map(ContentRule::toApi);
    }

    @Override
    public synchronized Rule put(Rule input, String actor) {
        ContentRule rule = ContentRule.of(input);
        screening.engine().compile(rule);
        store.save(List.of(rule.toApi()), List.of(), actor);
        screening.engine().put(rule);
        return rule.toApi();
    }

    @Override
    public synchronized boolean delete(String id, String actor) {
        if (get(id).isEmpty()) {
            return false;
        }
        store.save(List.of(), List.of(id), actor);
        screening.engine().remove(id);
        return true;
    }

    @Override
    public synchronized List<Rule> replaceAll(List<Rule> inputs, String actor) {
        List<ContentRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Rule input : inputs == null ? List.<Rule>of() : inputs) {
            ContentRule rule = ContentRule.of(input);
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("rule id " + rule.id() + " appears twice");
            }
            screening.engine().compile(rule);
            rules.add(rule);
        }
        List<String> deleted = screening.engine().rules().stream().map(ContentRule::id).filter(id -> !ids.contains(id)).toList();
        store.save(rules.stream().map(ContentRule::toApi).toList(), deleted, actor);
        screening.engine().replaceAll(rules);
        return list();
    }

    @Override
    public Screening test(MimeMessage message, String tenantId) {
        return screening.screener()
                .orElseThrow(() -> new IllegalStateException("content screening is not configured yet"))
                .screen(message, tenantId == null ? "" : tenantId);
    }
}
