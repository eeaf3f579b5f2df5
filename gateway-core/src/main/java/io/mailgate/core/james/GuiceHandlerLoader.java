package io.mailgate.core.james;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;

import com.google.inject.Injector;

/** Builds the SMTP server's handlers by class name, with their dependencies injected. */
final class GuiceHandlerLoader implements ProtocolHandlerLoader {

    private final Injector injector;

    @Inject
    GuiceHandlerLoader(Injector injector) {
        this.injector = injector;
    }

    @Override
    public ProtocolHandler load(String name, Configuration config) throws LoadingException {
        try {
            Class<?> type = Class.forName(name, true, GuiceHandlerLoader.class.getClassLoader());
            ProtocolHandler handler = (ProtocolHandler) injector.getInstance(type);
            handler.init(config);
            return handler;
        } catch (Exception e) {
            throw new LoadingException("cannot load SMTP handler " + name + ": " + e.getMessage(), e);
        }
    }
}
