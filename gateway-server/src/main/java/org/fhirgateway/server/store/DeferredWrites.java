package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows a transaction writes that nothing reads back before its next query: index rows, version rows and
 * change-log entries. They wait here and go to the database as one batch per table when the transaction next
 * queries or ends ({@link Tx#flush()}). A mapped ADT message is a bundle of some 25 resources with 5 to 10 index
 * rows each; written one statement at a time that was 15 round trips per resource, and the database spent as much
 * CPU on them as the gateway did on the whole bundle.
 *
 * <p>The {@code resource} rows themselves are written at once: their primary keys, versions and row locks decide
 * what the rest of the transaction does.
 */
final class DeferredWrites {

    private final ResourceDao dao;
    private final IndexWriter indexWriter;
    /** Resources whose stored index rows are to go (updated or deleted ones). */
    private final Set<Long> staleIndex = new LinkedHashSet<>();
    /** The index rows each resource is to have after the flush, by primary key; the latest write wins. */
    private final Map<Long, IndexRows> freshIndex = new LinkedHashMap<>();
    private final List<ResourceDao.VersionRow> versions = new ArrayList<>();
    private final List<ResourceDao.ChangeRow> changes = new ArrayList<>();

    DeferredWrites(ResourceDao dao, IndexWriter indexWriter) {
        this.dao = dao;
        this.indexWriter = indexWriter;
    }

    /**
     * A new version of {@code row}: its content (null for a deletion), its labels' hashes, its index rows (null:
     * none) and its change.
     */
    void version(ResourceRow row, byte[] content, Long[] labels, IndexRows index, String operation) {
        if (row.version() > 1) {
            staleIndex.add(row.pk());
        }
        if (index == null) {
            freshIndex.remove(row.pk());
        } else {
            freshIndex.put(row.pk(), index);
        }
        versions.add(new ResourceDao.VersionRow(row, content, labels));
        changes.add(new ResourceDao.ChangeRow(row, operation));
    }

    /** Writes everything waiting, in an order the database can check: old index rows out before new ones in. */
    void flush(Connection c) throws SQLException {
        if (versions.isEmpty()) {
            return;
        }
        indexWriter.delete(c, staleIndex);
        indexWriter.insert(c, freshIndex);
        dao.insertVersions(c, versions);
        dao.appendChanges(c, changes);
        staleIndex.clear();
        freshIndex.clear();
        versions.clear();
        changes.clear();
    }
}
