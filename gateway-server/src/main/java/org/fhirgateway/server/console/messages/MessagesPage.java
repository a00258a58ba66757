package org.fhirgateway.server.console.messages;

import java.util.HashMap;
import java.util.Map;
import org.fhirgateway.server.console.ConsoleExchange;
import org.fhirgateway.server.console.ConsolePage;
import org.fhirgateway.server.ingest.InboxAdmin;

/** {@code /console/messages}: the inbox as the signed-in client may see it (through InboxAdmin's consent filter). */
public final class MessagesPage implements ConsolePage {

    private static final int PAGE_SIZE = 50;

    private final InboxAdmin inbox;

    public MessagesPage(InboxAdmin inbox) {
        this.inbox = inbox;
    }

    @Override
    public String name() {
        return "messages";
    }

    @Override
    public String navTitle() {
        return "Messages";
    }

    @Override
    public void get(ConsoleExchange exchange) throws Exception {
        InboxAdmin.Page page = inbox.list(new InboxAdmin.Query(null, null, null, null, null, null, PAGE_SIZE),
                exchange.caller());
        Map<String, Object> model = new HashMap<>();
        model.put("rows", page.rows());
        exchange.render("messages", model);
    }
}
