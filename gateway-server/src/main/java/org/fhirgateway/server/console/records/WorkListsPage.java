package org.fhirgateway.server.console.records;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.fhirgateway.server.console.ConsoleException;
import org.fhirgateway.server.console.ConsoleExchange;
import org.fhirgateway.server.console.ConsolePage;

/**
 * {@code /console/worklists}: the open data-quality Tasks by sender and kind, each cleared by a POSTed form
 * ({@code /console/worklists/clear}, with an optional note) through the API's own closure. Task ids may appear in
 * the address (they are no patient data); nothing else does.
 */
public final class WorkListsPage implements ConsolePage {

    private final WorkListBoard board;

    public WorkListsPage(WorkListBoard board) {
        this.board = board;
    }

    @Override
    public String name() {
        return "worklists";
    }

    @Override
    public String navTitle() {
        return "Work lists";
    }

    @Override
    public void get(ConsoleExchange exchange) throws IOException {
        if (!exchange.subPath().isEmpty()) {
            throw ConsoleException.notFound();
        }
        Map<String, Object> model = new HashMap<>();
        model.put("board", board.open(exchange.caller()));
        String cleared = exchange.param("cleared");
        if (cleared != null && cleared.matches("[A-Za-z0-9\\-.]{1,64}")) {
            model.put("cleared", cleared);
        }
        exchange.render("worklists", model);
    }

    @Override
    public void post(ConsoleExchange exchange) throws IOException {
        if (!exchange.subPath().equals("/clear")) {
            throw ConsoleException.notFound();
        }
        String id = exchange.param("id");
        board.clear(exchange.caller(), id, exchange.param("note"));
        exchange.redirect("/worklists?cleared=" + id);
    }
}
