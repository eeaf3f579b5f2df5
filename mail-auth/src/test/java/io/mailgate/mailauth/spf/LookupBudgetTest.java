package io.mailgate.mailauth.spf;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The processing limits of RFC 7208 4.6.4. */
class LookupBudgetTest {

    @Test
    void countDnsTermShouldAllowTenWhenWithinLimit() {
        LookupBudget budget = new LookupBudget();

        assertDoesNotThrow(() -> {
            for (int i = 0; i < 10; i++) {
                budget.countDnsTerm("a");
            }
        });
    }

    @Test
    void countDnsTermShouldGivePermerrorWhenEleventh() throws SpfException {
        LookupBudget budget = new LookupBudget();
        for (int i = 0; i < 10; i++) {
            budget.countDnsTerm("a");
        }

        SpfException e = assertThrows(SpfException.class, () -> budget.countDnsTerm("mx"));

        assertEquals(SpfResult.Result.PERMERROR, e.result());
    }

    @Test
    void countVoidLookupShouldGivePermerrorWhenThird() throws SpfException {
        LookupBudget budget = new LookupBudget();
        budget.countVoidLookup("a.example.com");
        budget.countVoidLookup("b.example.com");

        SpfException e = assertThrows(SpfException.class, () -> budget.countVoidLookup("c.example.com"));

        assertEquals(SpfResult.Result.PERMERROR, e.result());
    }
}
