package io.mailgate.core.chain;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.mailetcontainer.api.MailetLoader;
import org.apache.james.mailetcontainer.api.MatcherLoader;
import org.apache.mailet.Mailet;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.Matcher;
import org.apache.mailet.MatcherConfig;

import com.google.inject.Injector;

import io.mailgate.core.delivery.SmtpDelivery;

/**
 * Makes the mailets and matchers that {@code conf/mailetcontainer.xml} names. {@code stage:<name>}
 * is a plugin stage (see {@link StageMailet}); {@code HoldUntilStagesPresent}, {@code VerpReturnPath},
 * {@code JournalPassedStages}, {@code RecordBounce} and {@code SmtpDelivery} are the gateway's own
 * mailets; any other name is a James mailet or matcher, by short name from James's standard
 * packages or by fully qualified class name, built with its injected dependencies.
 */
public final class ChainLoader implements MailetLoader, MatcherLoader {

    public static final String STAGE_PREFIX = "stage:";
    private static final List<String> MAILET_PACKAGES = List.of("org.apache.james.transport.mailets.");
    private static final List<String> MATCHER_PACKAGES = List.of("org.apache.james.transport.matchers.");

    private final Injector injector;
    private final StageRegistry registry;
    private final StageHold hold;
    private final VerdictApplier verdicts;
    private final ChainSettings settings;

    public ChainLoader(Injector injector, StageRegistry registry, ChainSettings settings) {
        this.injector = injector;
        this.registry = registry;
        this.settings = settings;
        this.hold = new StageHold(settings.context(), settings.holdDelay());
        this.verdicts = new VerdictApplier(settings.context(), settings.journal(), settings.metrics(), settings.holdDelay(),
                settings.clock());
    }

    @Override
    public Mailet getMailet(MailetConfig config) throws MessagingException {
        String name = config.getMailetName();
        Mailet mailet;
        if (name.startsWith(STAGE_PREFIX)) {
            String stage = name.substring(STAGE_PREFIX.length());
            if (stage.isBlank()) {
                throw new MessagingException("mailet class 'stage:' names no stage");
            }
            mailet = new StageMailet(stage, registry, hold, verdicts, settings.metrics());
        } else if (name.equals(HoldUntilStagesPresent.class.getSimpleName())) {
            mailet = new HoldUntilStagesPresent(registry, hold);
        } else if (name.equals(JournalPassedStages.class.getSimpleName())) {
            mailet = new JournalPassedStages(verdicts);
        } else if (name.equals(RecordBounce.class.getSimpleName())) {
            mailet = new RecordBounce(settings.metrics(), settings.feedback());
        } else if (name.equals(VerpReturnPath.class.getSimpleName())) {
            mailet = new VerpReturnPath(settings.returnPaths());
        } else if (name.equals(SmtpDelivery.class.getSimpleName())) {
            mailet = new SmtpDelivery(injector.getInstance(DNSService.class), settings.metrics(), settings.deliveries());
        } else {
            mailet = (Mailet) injector.getInstance(resolve(name, MAILET_PACKAGES, Mailet.class));
        }
        mailet.init(config);
        return mailet;
    }

    @Override
    public Matcher getMatcher(MatcherConfig config) throws MessagingException {
        Matcher matcher = (Matcher) injector.getInstance(resolve(config.getMatcherName(), MATCHER_PACKAGES, Matcher.class));
        matcher.init(config);
        return matcher;
    }

    private static Class<?> resolve(String name, List<String> packages, Class<?> type) throws MessagingException {
        List<String> candidates = name.contains(".") ? List.of(name)
                : packages.stream().map(p -> p + name).toList();
        for (String candidate : candidates) {
            try {
                Class<?> found = Class.forName(candidate, true, ChainLoader.class.getClassLoader());
                if (type.isAssignableFrom(found)) {
                    return found;
                }
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        throw new MessagingException("no " + type.getSimpleName().toLowerCase() + " named '" + name + "'");
    }
}
