package io.mailgate.plugin.content;

import java.util.Arrays;
import java.util.Optional;

/**
 * The topics of POLICY.md a rule can stand for: CON-1 prohibited (refused), CON-2 high-risk
 * (quarantined unless the tenant is approved for the topic), CON-4 deceptive subjects
 * (quarantined).
 */
enum Category {
    GET_RICH_QUICK("get-rich-quick", "CON-1", "get-rich-quick or effortless income"),
    GUARANTEED_RESULTS("guaranteed-results", "CON-1", "guaranteed results or money-back promises"),
    PRIZE_WINNINGS("prize-winnings", "CON-1", "prize or cash winnings"),
    HATE_VIOLENCE("hate-violence", "CON-1", "hate, violence, discrimination or separatism"),
    WEAPONS_DRUGS("weapons-drugs", "CON-1", "weapons, drugs or illegal goods"),
    ADULT("adult", "CON-1", "pornography, nudity, dating or escort"),
    MALWARE_PHISHING("malware-phishing", "CON-1", "malware or phishing"),
    PIRATE_SOFTWARE("pirate-software", "CON-1", "pirate software"),
    TOBACCO_VAPING("tobacco-vaping", "CON-1", "tobacco, e-cigarettes or vaping"),
    COUNTERFEIT_DRUGS("counterfeit-drugs", "CON-1", "counterfeit or prescription drugs, unregulated supplements"),
    LIST_BROKERS("list-brokers", "CON-1", "list brokers"),
    LOANS("loans", "CON-2", "loans, mortgages or debt help"),
    INVESTMENT("investment", "CON-2", "investment, stock trading or Forex"),
    GAMBLING("gambling", "CON-2", "gambling, betting, lotteries or casinos"),
    MLM("mlm", "CON-2", "MLM, pyramids or affiliate marketing"),
    CRYPTO("crypto", "CON-2", "cryptocurrencies, ICOs or token sales"),
    MEDICINES("medicines", "CON-2", "medicines"),
    DECEPTIVE_SUBJECT("deceptive-subject", "CON-4", "deceptive subject");

    private final String id;
    private final String policy;
    private final String label;

    Category(String id, String policy, String label) {
        this.id = id;
        this.policy = policy;
        this.label = label;
    }

    String id() {
        return id;
    }

    String policy() {
        return policy;
    }

    String label() {
        return label;
    }

    /** The action a rule of this category takes unless it names another. */
    ContentRule.Action defaultAction() {
        return "CON-1".equals(policy) ? ContentRule.Action.REJECT : ContentRule.Action.QUARANTINE;
    }

    static Optional<Category> byId(String id) {
        return Arrays.stream(values()).filter(category -> category.id.equals(id)).findFirst();
    }
}
