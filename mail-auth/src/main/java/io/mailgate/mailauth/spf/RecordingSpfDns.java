package io.mailgate.mailauth.spf;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link SpfDns} that passes every query on and remembers it: name, type and what came back,
 * in order. {@code mailgatectl spf} lists them, as {@code spfquery} does; the evaluator is not
 * changed for it. One instance per check: it is not thread-safe.
 */
public final class RecordingSpfDns implements SpfDns {

    /** One query: the name and type asked, the records answered or why there were none. */
    public record Query(String name, Type type, List<String> records, String failure) {

        /** {@code TXT example.com -> 1 record} and the like, for a listing. */
        @Override
        public String toString() {
            String outcome;
            if (failure != null) {
                outcome = "failed: " + failure;
            } else if (records.isEmpty()) {
                outcome = "no records";
            } else {
                outcome = records.size() + (records.size() == 1 ? " record" : " records");
            }
            return type + " " + name + " -> " + outcome;
        }
    }

    private final SpfDns dns;
    private final List<Query> queries = new ArrayList<>();

    public RecordingSpfDns(SpfDns dns) {
        this.dns = dns;
    }

    @Override
    public List<String> lookup(String name, Type type) throws DnsFailure {
        try {
            List<String> records = dns.lookup(name, type);
            queries.add(new Query(name, type, List.copyOf(records), null));
            return records;
        } catch (DnsFailure e) {
            queries.add(new Query(name, type, List.of(), e.getMessage()));
            throw e;
        }
    }

    /** The queries so far, oldest first. */
    public List<Query> queries() {
        return List.copyOf(queries);
    }
}
