package io.mailgate.core.suppression;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

import io.mailgate.api.Suppressions.Reason;
import io.mailgate.core.store.InvalidInputException;

/** Reasons as the API and CSV files spell them: {@code hard-bounce}; {@code hard_bounce} and {@code hard bounce} read too. */
public final class ReasonNames {

    /** What a tenant may put on its own lists, and what only the gateway-wide lists hold. */
    public static final Set<Reason> TENANT = Set.of(Reason.UNSUBSCRIBE, Reason.COMPLAINT, Reason.HARD_BOUNCE,
            Reason.ROLE_ACCOUNT, Reason.MANUAL);
    public static final Set<Reason> GATEWAY_WIDE = Set.of(Reason.HARD_BOUNCE, Reason.TRAP, Reason.MANUAL);

    private ReasonNames() {
    }

    public static String name(Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Reason parse(String text, Set<Reason> allowed) {
        String wanted = text.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        return Arrays.stream(Reason.values())
                .filter(reason -> name(reason).equals(wanted) && allowed.contains(reason))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("the reason '" + text.strip() + "' is not one of "
                        + allowed.stream().map(ReasonNames::name).sorted().toList()));
    }
}
