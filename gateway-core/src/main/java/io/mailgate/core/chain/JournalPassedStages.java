package io.mailgate.core.chain;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Journals, as one entry, the stages a mail passed without a decision ({@link PassedStages}),
 * as it is handed to delivery. First in the transport processor; takes no parameters.
 *
 * <pre>{@code <mailet match="All" class="JournalPassedStages"/>}</pre>
 */
final class JournalPassedStages extends GenericMailet {

    private final VerdictApplier verdicts;

    JournalPassedStages(VerdictApplier verdicts) {
        this.verdicts = verdicts;
    }

    @Override
    public void service(Mail mail) {
        verdicts.journalPassed(mail);
    }

    @Override
    public String getMailetInfo() {
        return "Mailgate: one journal entry for the stages a mail passed";
    }
}
