package io.mailgate.plugin.auth.spf;

import java.util.Locale;

import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.DNSServiceEnabled;
import org.apache.james.jspf.core.MacroExpand;
import org.apache.james.jspf.core.MacroExpandEnabled;
import org.apache.james.jspf.core.SPFCheckEnabled;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.DefaultTermsFactory;
import org.apache.james.jspf.parser.RFC4408SPF1Parser;
import org.apache.james.jspf.wiring.WiringServiceTable;
import org.apache.james.jspf.executor.SPFResult;
import org.apache.james.jspf.impl.SPF;

/**
 * {@link SpfEvaluator} on Apache James jSPF 1.0.3, the field's Java library: our interface in front
 * of it, so that callers never see jSPF's types.
 */
public final class JspfEvaluator implements SpfEvaluator {

    private final SPF spf;

    /**
     * @param dns where jSPF's lookups go
     * @param defaultExplanation the explanation of a {@code fail} whose record has no {@code exp=}
     */
    public JspfEvaluator(DNSService dns, String defaultExplanation) {
        // As SPF(DNSService) wires it, but with the synchronous executor: the asynchronous default
        // drops the continuation of a lookup (so it never falls back from type SPF to TXT).
        WiringServiceTable wiring = new WiringServiceTable();
        wiring.put(DNSServiceEnabled.class, dns);
        MacroExpand macroExpand = new MacroExpand(dns);
        wiring.put(MacroExpandEnabled.class, macroExpand);
        RFC4408SPF1Parser parser = new RFC4408SPF1Parser(new DefaultTermsFactory(wiring));
        this.spf = new SPF(dns, parser, macroExpand, new SynchronousSPFExecutor(dns));
        wiring.put(SPFCheckEnabled.class, this.spf);
        this.spf.setDefaultExplanation(defaultExplanation);
    }

    @Override
    public SpfResult evaluate(String ip, String mailFrom, String helo) {
        SPFResult checked = spf.checkSPF(ip, mailFrom, helo);
        SpfResult.Result result = SpfResult.Result.valueOf(checked.getResult().toUpperCase(Locale.ROOT));
        String explanation = result == SpfResult.Result.FAIL && checked.getExplanation() != null
                ? checked.getExplanation() : "";
        return new SpfResult(result, explanation);
    }
}
