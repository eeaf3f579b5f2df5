package io.mailgate.mailauth.spf;

import java.util.List;

/** {@link SpfDns} over a {@link SuiteZone}: the suite's zonedata as the evaluator's DNS. */
final class ZoneSpfDns implements SpfDns {

    private final SuiteZone zone;

    ZoneSpfDns(SuiteZone zone) {
        this.zone = zone;
    }

    @Override
    public List<String> lookup(String name, Type type) throws DnsFailure {
        try {
            return zone.lookup(name, type.name());
        } catch (SuiteZone.Timeout | SuiteZone.ServerFailure e) {
            throw new DnsFailure(e.getMessage());
        }
    }
}
