package io.mailgate.plugin.rbl;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mailgate.api.Blocklists;

/** Records what a round reports; the settings are not read by {@link CheckRound}. */
final class RecordingBlocklists implements Blocklists {

    final List<String> listed = new CopyOnWriteArrayList<>();
    final List<String> clean = new CopyOnWriteArrayList<>();
    final List<String> alerts = new CopyOnWriteArrayList<>();

    @Override
    public Settings settings() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Set<String>> sendingDomains() {
        return Map.of();
    }

    @Override
    public void listed(Subject kind, String subject, String list, String answer, String text) {
        listed.add(list + " " + subject + " " + answer + " " + text);
    }

    @Override
    public void clean(Subject kind, String subject, String list) {
        clean.add(list + " " + subject);
    }

    @Override
    public void alert(String list, String subject, String what) {
        alerts.add(list + " " + subject + ": " + what);
    }
}
