package org.fhirgateway.server.console.records;

import java.io.IOException;
import java.util.Map;
import org.fhirgateway.server.console.ConsoleException;
import org.fhirgateway.server.console.ConsoleExchange;
import org.fhirgateway.server.console.ConsolePage;

/**
 * {@code /console/census?date=YYYY-MM-DD}: the census of a day (today by default) as a table and a bar chart drawn
 * as inline SVG on the server. A date is no patient data, so the day may be in the address (and bookmarked).
 */
public final class CensusPage implements ConsolePage {

    private final CensusBoard census;

    public CensusPage(CensusBoard census) {
        this.census = census;
    }

    @Override
    public String name() {
        return "census";
    }

    @Override
    public String navTitle() {
        return "Census";
    }

    @Override
    public void get(ConsoleExchange exchange) throws IOException {
        if (!exchange.subPath().isEmpty()) {
            throw ConsoleException.notFound();
        }
        exchange.render("census", Map.of("day", census.day(exchange.caller(), exchange.param("date"))));
    }
}
