package io.mailgate.core.suppression;

import java.io.IOException;
import java.io.Writer;

import io.mailgate.api.Suppressions.Entry;

/** A list written as CSV, page by page, so that millions of rows stream without being held. */
public final class SuppressionExport {

    private static final int PAGE = 1000;

    private SuppressionExport() {
    }

    /** {@code resource} null writes every scope of the tenant. */
    public static void write(SuppressionStore store, String tenantId, String resource, Writer out) throws IOException {
        out.write("address,reason,resource,source,time\n");
        String cursor = null;
        do {
            SuppressionStore.Page page = store.list(tenantId, resource, null, cursor, PAGE);
            for (Entry entry : page.entries()) {
                out.write(CsvFields.quote(entry.address()) + ',' + ReasonNames.name(entry.reason()) + ','
                        + CsvFields.quote(entry.resource()) + ',' + CsvFields.quote(entry.source()) + ',' + entry.at() + '\n');
            }
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        out.flush();
    }
}
