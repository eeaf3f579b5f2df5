package io.mailgate.core.domains;

import java.util.ArrayList;
import java.util.List;

/**
 * A sending domain as the admin API shows it: its state, the records to publish and what the last
 * check found for each.
 *
 * @param reason      when not verified, why
 * @param attestation null unless an admin attested the domain
 * @param checkedAt   ISO-8601 time of the last DNS check, null before the first
 */
public record DomainView(String domain, boolean verified, String reason, boolean strictDkimAlignment,
                         AttestationView attestation, String checkedAt, List<RecordView> records) {

    public record AttestationView(String note, String attestedAt) {
    }

    public record RecordView(String type, String name, String value, RecordStatus status, String reason) {
    }

    static DomainView of(DomainState state, List<String> sendingIps) {
        List<RecordView> records = new ArrayList<>();
        for (ExpectedRecords.ExpectedRecord expected : ExpectedRecords.of(state, sendingIps)) {
            RecordCheck check = state.checks().get(expected.kind());
            records.add(check == null
                    ? new RecordView(expected.type(), expected.name(), expected.value(), RecordStatus.UNCHECKED,
                            "not checked yet: publish it, then POST .../verify")
                    : new RecordView(expected.type(), expected.name(), expected.value(), check.status(), check.reason()));
        }
        return new DomainView(state.domain(), state.verified(), state.reason(), state.strictDkimAlignment(),
                state.attestation().map(a -> new AttestationView(a.note(), a.at().toString())).orElse(null),
                state.checkedAt() == null ? null : state.checkedAt().toString(), records);
    }
}
