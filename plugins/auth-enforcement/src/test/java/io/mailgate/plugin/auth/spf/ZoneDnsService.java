package io.mailgate.plugin.auth.spf;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.TimeoutException;

/** jSPF's {@link DNSService} over a {@link SuiteZone}, for running the suite against jSPF. */
final class ZoneDnsService implements DNSService {

    private final SuiteZone zone;
    private int recordLimit = 10;

    ZoneDnsService(SuiteZone zone) {
        this.zone = zone;
    }

    @Override
    public List<String> getRecords(DNSRequest request) throws TimeoutException {
        String type = switch (request.getRecordType()) {
            case DNSRequest.A -> "A";
            case DNSRequest.AAAA -> "AAAA";
            case DNSRequest.MX -> "MX";
            case DNSRequest.PTR -> "PTR";
            case DNSRequest.TXT -> "TXT";
            case DNSRequest.SPF -> "SPF";
            default -> throw new IllegalArgumentException("record type " + request.getRecordType());
        };
        try {
            List<String> records = zone.lookup(request.getHostname(), type);
            return records.isEmpty() ? null : records;
        } catch (SuiteZone.Timeout | SuiteZone.ServerFailure e) {
            throw new TimeoutException(e.getMessage());
        }
    }

    @Override
    public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
        try {
            return CompletableFuture.completedFuture(getRecords(request));
        } catch (TimeoutException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<String> getLocalDomainNames() {
        return List.of("localhost");
    }

    @Override
    public void setTimeOut(int timeOut) {
    }

    @Override
    public int getRecordLimit() {
        return recordLimit;
    }

    @Override
    public void setRecordLimit(int recordLimit) {
        this.recordLimit = recordLimit;
    }
}
