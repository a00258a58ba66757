package org.fhirgateway.server.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The search index rows of one resource version, one list per parameter kind, produced by a {@link ResourceIndexer}
 * and written by the store into the {@code idx_*} tables. Hashes come from {@link IndexHash}.
 */
public final class IndexRows {

    /** A token: code, optional system, and normalised display text (for {@code :text}). */
    public record TokenRow(long paramHash, long hashValue, long hashSystem, long hashSystemValue, String system,
            String value, String textNorm) {
    }

    /** A string: the normalised form (lower case, no accents) for default and :contains, the exact form for :exact. */
    public record StringRow(long paramHash, String normalized, String exact) {
    }

    /** A date as an inclusive range of epoch milliseconds. */
    public record DateRow(long paramHash, long low, long high) {
    }

    public record NumberRow(long paramHash, BigDecimal value) {
    }

    public record QuantityRow(long paramHash, BigDecimal value, String system, String code) {
    }

    public record UriRow(long paramHash, long hashUri, String uri) {
    }

    /** A reference: local ({@code targetType}/{@code targetId}) and/or absolute ({@code targetUrl}). */
    public record ReferenceRow(long paramHash, String targetType, String targetId, String targetUrl) {
    }

    private final List<TokenRow> tokens = new ArrayList<>();
    private final List<StringRow> strings = new ArrayList<>();
    private final List<DateRow> dates = new ArrayList<>();
    private final List<NumberRow> numbers = new ArrayList<>();
    private final List<QuantityRow> quantities = new ArrayList<>();
    private final List<UriRow> uris = new ArrayList<>();
    private final List<ReferenceRow> references = new ArrayList<>();

    public void add(TokenRow row) {
        tokens.add(row);
    }

    public void add(StringRow row) {
        strings.add(row);
    }

    public void add(DateRow row) {
        dates.add(row);
    }

    public void add(NumberRow row) {
        numbers.add(row);
    }

    public void add(QuantityRow row) {
        quantities.add(row);
    }

    public void add(UriRow row) {
        uris.add(row);
    }

    public void add(ReferenceRow row) {
        references.add(row);
    }

    public List<TokenRow> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    public List<StringRow> strings() {
        return Collections.unmodifiableList(strings);
    }

    public List<DateRow> dates() {
        return Collections.unmodifiableList(dates);
    }

    public List<NumberRow> numbers() {
        return Collections.unmodifiableList(numbers);
    }

    public List<QuantityRow> quantities() {
        return Collections.unmodifiableList(quantities);
    }

    public List<UriRow> uris() {
        return Collections.unmodifiableList(uris);
    }

    public List<ReferenceRow> references() {
        return Collections.unmodifiableList(references);
    }

    public int size() {
        return tokens.size() + strings.size() + dates.size() + numbers.size() + quantities.size() + uris.size()
                + references.size();
    }
}
