package io.mailgate.core.james;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.core.Domain;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.dnsjava.DNSJavaService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.mailetcontainer.api.MailetLoader;
import org.apache.james.mailetcontainer.api.MatcherLoader;
import org.apache.james.mailetcontainer.impl.CompositeProcessorImpl;
import org.apache.james.mailetcontainer.impl.JamesMailSpooler;
import org.apache.james.mailetcontainer.impl.JamesMailetContext;
import org.apache.james.mailetcontainer.impl.LocalResourcesImpl;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;
import org.apache.james.mailrepository.file.FileMailRepository;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryStore;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryUrlStore;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.rrt.memory.MemoryRecipientRewriteTable;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.mailet.MailetContext;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;

import io.mailgate.core.chain.ChainLoader;
import io.mailgate.core.chain.ChainSettings;
import io.mailgate.core.chain.StageRegistry;

/**
 * Apache James's SMTP server and mailet container, wired by hand around the gateway's queue and
 * stores. Start order: DNS and domains, the mailet context, the processors (the chain from
 * {@code mailetcontainer.xml}), the spooler that feeds them from the queue, and last the SMTP
 * listeners, so that nothing is accepted before it can be processed. Stop order is the reverse.
 */
public final class JamesAssembly implements AutoCloseable {

    /** What James needs that the gateway owns. */
    public record Parts(Path home, MailQueueFactory<? extends MailQueue> queues, MetricFactory metricFactory,
                        StageRegistry stages, Module gatewayBindings) {
    }

    private final DNSJavaService dns;
    private final CompositeProcessorImpl processor;
    private final JamesMailSpooler spooler;
    private final SMTPServerFactory smtp;
    private final MailetContext mailetContext;
    private final MemoryMailRepositoryStore repositories;

    public JamesAssembly(Parts parts, JamesConfig config, ChainSettingsFactory chainSettings) throws Exception {
        MetricFactory metricFactory = parts.metricFactory();
        GaugeRegistry gauges = new NoopGaugeRegistry();
        FileSystem fileSystem = new FileSystemImpl(new JamesServerResourceLoader(parts.home().toString()));

        dns = new DNSJavaService(metricFactory);
        dns.configure(config.dns());
        dns.init();

        MemoryDomainList domains = new MemoryDomainList(dns);
        domains.configure(DomainListConfiguration.builder()
                .autoDetect(false).autoDetectIp(false).defaultDomain(Domain.of(config.helloName())).build());

        MemoryRecipientRewriteTable rewrites = new MemoryRecipientRewriteTable();
        MemoryUsersRepository users = MemoryUsersRepository.withVirtualHosting(domains);
        rewrites.setDomainList(domains);
        rewrites.setUsersRepository(users);
        JamesMailetContext context = new JamesMailetContext(dns, domains,
                new LocalResourcesImpl(users, domains, rewrites), parts.queues());
        context.configure(config.mailetContext());
        mailetContext = context;

        repositories = new MemoryMailRepositoryStore(new MemoryMailRepositoryUrlStore(),
                new FileRepositoryLoader(fileSystem), MailRepositoryStoreConfiguration.forItems(
                new MailRepositoryStoreConfiguration.Item(List.of(new Protocol("file")),
                        FileMailRepository.class.getName(), new BaseHierarchicalConfiguration())));
        repositories.init();

        Injector injector = Guice.createInjector(parts.gatewayBindings(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(MetricFactory.class).toInstance(metricFactory);
                bind(GaugeRegistry.class).toInstance(gauges);
                bind(DNSService.class).toInstance(dns);
                bind(DomainList.class).toInstance(domains);
                bind(FileSystem.class).toInstance(fileSystem);
                bind(new TypeLiteral<MailQueueFactory<?>>() { }).toInstance(parts.queues());
                bind(MailetContext.class).toInstance(context);
                bind(MailRepositoryStore.class).toInstance(repositories);
                bind(ProtocolHandlerLoader.class).to(GuiceHandlerLoader.class);
            }
        });

        ChainLoader loader = new ChainLoader(injector, parts.stages(), chainSettings.create(context));
        processor = injector.createChildInjector(new AbstractModule() {
            @Override
            protected void configure() {
                bind(MailetLoader.class).toInstance(loader);
                bind(MatcherLoader.class).toInstance(loader);
            }
        }).getInstance(CompositeProcessorImpl.class);
        processor.configure(config.processors());
        processor.init();

        spooler = new JamesMailSpooler(metricFactory, gauges, processor, repositories, parts.queues());
        spooler.configure(config.spooler());
        spooler.init();

        smtp = new SMTPServerFactory(dns, injector.getInstance(ProtocolHandlerLoader.class), fileSystem, metricFactory) {
            @Override
            protected List<AbstractConfigurableAsyncServer> createServers(HierarchicalConfiguration<ImmutableNode> conf)
                    throws Exception {
                List<AbstractConfigurableAsyncServer> servers = super.createServers(conf);
                // James's own "bind" syntax cannot say IPv6; the listen addresses come from mailgate.conf.
                for (int i = 0; i < servers.size(); i++) {
                    servers.get(i).setListenAddresses(config.listenAddresses().get(i).toArray(InetSocketAddress[]::new));
                }
                return servers;
            }
        };
        smtp.configure(config.smtpServers());
        smtp.init();
    }

    /** The addresses each SMTP listener is bound to, in the order of {@link JamesConfig#listenAddresses()}. */
    public List<List<InetSocketAddress>> boundAddresses() {
        List<List<InetSocketAddress>> bound = new ArrayList<>();
        for (AbstractConfigurableAsyncServer server : smtp.getServers()) {
            bound.add(server.getListenAddresses());
        }
        return bound;
    }

    public MailProcessor processor() {
        return processor;
    }

    /** The mail repositories the chain writes to (the error repository, the quarantine). */
    public MailRepositoryStore mailRepositories() {
        return repositories;
    }

    public MailetContext mailetContext() {
        return mailetContext;
    }

    /** Stops accepting first, then lets the spooler finish what it holds; the queue keeps the rest. */
    @Override
    public void close() {
        smtp.destroy();
        spooler.dispose();
        processor.dispose();
    }

    /** Makes the chain's settings once the mailet context exists. */
    public interface ChainSettingsFactory {
        ChainSettings create(MailetContext context);
    }
}
