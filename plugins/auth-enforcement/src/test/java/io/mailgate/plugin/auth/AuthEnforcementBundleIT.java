package io.mailgate.plugin.auth;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.mailgate.testkit.PluginContainer;

/**
 * The built bundle, with dnsjava embedded, resolves and starts in a real Felix beside the packages
 * the gateway exports: the SPF code can run where the stage will.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthEnforcementBundleIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return PluginContainer.options();
    }

    @Test
    public void bundleShouldResolveAndStartBesideTheGatewaysPackages() {
        Bundle bundle = Arrays.stream(context.getBundles())
                .filter(b -> "io.mailgate.plugin.auth".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the auth-enforcement bundle is not installed"));
        assertEquals("bundle state (32 = ACTIVE)", Bundle.ACTIVE, bundle.getState());
    }
}
