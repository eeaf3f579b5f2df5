package io.mailgate.core;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The gateway's thread context class loader: the application class loader, with the answers to
 * {@code getResources} remembered. Jakarta Mail 1.6 looks its transport up with a
 * {@link java.util.ServiceLoader} on every {@code Session.getTransport}, which reads every jar on
 * the class path; James's RemoteDelivery did that once per delivered message, and a profile of a load run
 * put 14 % of the gateway's CPU there. The class path does not change while the gateway runs, so
 * the answer can be kept. Classes are loaded by the parent as before.
 */
final class ClassPathResourceCache extends ClassLoader {

    private final ConcurrentMap<String, List<URL>> resources = new ConcurrentHashMap<>();

    ClassPathResourceCache(ClassLoader parent) {
        super("mailgate-resource-cache", parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> urls = resources.get(name);
        if (urls == null) {
            urls = List.copyOf(Collections.list(getParent().getResources(name)));
            resources.putIfAbsent(name, urls);
        }
        return Collections.enumeration(urls);
    }
}
