package org.fhirgateway.server.search;

import java.util.List;
import java.util.Set;
import org.fhirgateway.server.store.IndexRows;
import org.hl7.fhir.instance.model.api.IBase;

/**
 * One search parameter kind (token, string, date, ...): it both extracts index rows at write time and encodes query
 * values into SQL, so the two can never disagree.
 */
interface ParamKind {

    /** The index table of this kind. */
    String table();

    /** Modifiers this kind understands (besides {@code :missing}, which every kind supports). */
    Set<String> modifiers();

    /** Adds the index rows for one value found by the parameter's FHIRPath. */
    void extract(ParamDef def, IBase value, IndexRows rows);

    /**
     * Appends a boolean SQL predicate on {@code resAlias.res_pk} that is true when any of {@code values} (OR) matches.
     *
     * @param modifier the modifier without colon, or null
     */
    void predicate(Sql sql, String resAlias, ParamDef def, String modifier, List<String> values);

    /** The column of this kind's table that {@code _sort} orders by; ascending uses MIN, descending MAX. */
    String sortColumn(boolean descending);
}
