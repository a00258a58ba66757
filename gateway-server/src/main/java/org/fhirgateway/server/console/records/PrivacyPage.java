package org.fhirgateway.server.console.records;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.fhirgateway.server.console.ConsoleException;
import org.fhirgateway.server.console.ConsoleExchange;
import org.fhirgateway.server.console.ConsolePage;

/**
 * {@code /console/privacy}: one patient's privacy (consents, security labels, the accounting of disclosures),
 * the printable letter of that accounting ({@code /console/privacy/letter}) and the break-the-glass disclosures
 * awaiting review ({@code /console/privacy/review}). The patient is chosen by a POSTed form and travels only in
 * POSTed forms (hidden fields of the page that shows it), never in a URL; the review's result page is reached by a
 * redirect that names the disclosure's number only.
 */
public final class PrivacyPage implements ConsolePage {

    private final PrivacyRecords privacy;
    private final GlassReviews reviews;

    public PrivacyPage(PrivacyRecords privacy, GlassReviews reviews) {
        this.privacy = privacy;
        this.reviews = reviews;
    }

    @Override
    public String name() {
        return "privacy";
    }

    @Override
    public String navTitle() {
        return "Privacy";
    }

    @Override
    public void get(ConsoleExchange exchange) throws IOException {
        if (!exchange.subPath().isEmpty()) {
            // the letter and the review are answers to forms: a bookmarked or typed address gets the chooser
            exchange.redirect("/privacy");
            return;
        }
        Map<String, Object> model = new HashMap<>();
        String reviewed = exchange.param("reviewed");
        if (reviewed != null) {
            model.put("reviewed", ConsoleExchange.whole("The disclosure", reviewed));
        }
        page(exchange, model);
    }

    @Override
    public void post(ConsoleExchange exchange) throws IOException {
        switch (exchange.subPath()) {
            case "" -> {
                Map<String, Object> model = new HashMap<>();
                PrivacyRecords.View view = privacy.view(exchange.caller(), exchange.param("patient"),
                        exchange.param("from"), exchange.param("to"));
                model.put("view", view);
                model.put("patientInput", exchange.param("patient"));
                page(exchange, model);
            }
            case "/letter" -> {
                PrivacyRecords.Letter letter = privacy.letter(exchange.caller(), exchange.param("patient"),
                        exchange.param("from"), exchange.param("to"));
                exchange.render("privacy-letter", Map.of("letter", letter));
            }
            case "/review" -> {
                long id = ConsoleExchange.whole("The disclosure", exchange.param("id"));
                reviews.markReviewed(exchange.caller(), id, exchange.param("note"));
                exchange.redirect("/privacy?reviewed=" + id);
            }
            default -> throw ConsoleException.notFound();
        }
    }

    private void page(ConsoleExchange exchange, Map<String, Object> model) throws IOException {
        boolean operator = GlassReviews.allowed(exchange.caller());
        model.put("operator", operator);
        model.put("pending", operator ? reviews.pending(exchange.caller()) : java.util.List.of());
        exchange.render("privacy", model);
    }
}
