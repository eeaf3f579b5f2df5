package io.mailgate.plugin.footer;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.mailgate.api.TenantProfiles.Profile;

/** The values of a footer's variables (see {@link FooterTemplate}) for one recipient. */
final class FooterValues {

    private FooterValues() {
    }

    static Map<String, String> of(Profile profile, String list, String consent, String unsubscribeUrl) {
        Map<String, String> values = new HashMap<>();
        String registration = join(" ", profile.registerName(), profile.registrationNumber());
        String contact = profile.contactEmail().isBlank() ? profile.contactUrl() : profile.contactEmail();
        values.put("company", profile.company());
        values.put("address", oneLine(profile.address()));
        values.put("registration", registration);
        values.put("phone", profile.phone());
        values.put("contact", contact);
        values.put("identity", join(" · ", profile.company(), oneLine(profile.address()), registration, profile.phone(), contact));
        values.put("unsubscribe_url", unsubscribeUrl);
        values.put("consent", consent);
        values.put("list", list);
        return values;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", ", ");
    }

    private static String join(String separator, String... parts) {
        return Stream.of(parts).filter(part -> !part.isBlank()).collect(Collectors.joining(separator));
    }
}
