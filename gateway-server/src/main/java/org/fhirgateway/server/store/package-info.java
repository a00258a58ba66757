/**
 * Storage of FHIR R4 resources on PostgreSQL: the embedded server of {@code store.postgres} by default, an external
 * one in production; every query is written once, for PostgreSQL.
 *
 * <p>Public face: {@link org.fhirgateway.server.store.Database} (pool + Flyway),
 * {@link org.fhirgateway.server.store.FhirStore} (read, vread, create, update, conditional writes, delete, history,
 * transaction/batch), its value types and {@link org.fhirgateway.server.store.StoreException} with stable
 * {@link org.fhirgateway.server.store.StoreError} codes. The SPI {@link org.fhirgateway.server.store.ResourceIndexer}
 * and {@link org.fhirgateway.server.store.ConditionalMatcher} are implemented by the search package; build both with
 * {@code org.fhirgateway.server.search.StorageEngine}.
 *
 * <h2>Tables (migrations V1..V4 in {@code db/migration})</h2>
 * <table>
 *   <caption>Key layout</caption>
 *   <tr><th>table</th><th>key</th><th>content</th></tr>
 *   <tr><td>resource</td><td>res_pk; unique (res_type, res_id)</td>
 *       <td>current version, deleted flag, last_updated (epoch ms), content_hash (SHA-256 of the JSON without
 *       meta.versionId/lastUpdated: an identical write makes no version)</td></tr>
 *   <tr><td>resource_version</td><td>(res_pk, version)</td><td>gzip JSON; null content = a deletion</td></tr>
 *   <tr><td>change_log</td><td>seq (identity)</td><td>res_pk, type, id, version, CREATE/UPDATE/DELETE, changed_at;
 *       history and _since read it newest-first with keyset paging on seq</td></tr>
 *   <tr><td>idx_token</td><td>hash_value, hash_system, hash_sys_value (each includes the parameter hash)</td>
 *       <td>sys, val, text_norm (for :text)</td></tr>
 *   <tr><td>idx_string</td><td>(param_hash, val_norm)</td><td>val_norm (lower case, no accents), val_exact</td></tr>
 *   <tr><td>idx_date</td><td>(param_hash, lo, hi)</td><td>inclusive epoch-ms range implied by the precision</td></tr>
 *   <tr><td>idx_number, idx_quantity</td><td>(param_hash, val)</td><td>NUMERIC(38,10); quantity sys, code</td></tr>
 *   <tr><td>idx_uri</td><td>hash_uri</td><td>uri (for :below)</td></tr>
 *   <tr><td>idx_reference</td><td>(param_hash, target_type, target_id), (target_type, target_id)</td>
 *       <td>target_url for absolute references</td></tr>
 *   <tr><td>subscription_outbox</td><td>seq (identity)</td><td>new versions of types an active subscription
 *       watches, written last before the commit under a lane (patient) advisory lock, so seq order within a lane is
 *       commit order ({@link org.fhirgateway.server.store.SubscriptionOutbox}; read by the subscription package,
 *       which also owns {@code subscription} and {@code subscription_notification}, V75)</td></tr>
 *   <tr><td>conditional_identity</td><td>(res_type, criteria_key)</td><td>lock row claimed by conditional writes
 *       before they search, so concurrent writers with the same criteria are serialised (no twins); rows no
 *       transaction holds any more are deleted every minute ({@link org.fhirgateway.server.store.IdentitySweeper})</td></tr>
 * </table>
 * Every index table also has (res_pk, param_hash). Index rows describe the current version only.
 * Parameters defined on Resource ({@code _tag}, {@code _security}, {@code _profile}) hash with the type "Resource",
 * so consent's {@code NOT EXISTS (_security row)} is one equality for any type.
 *
 * <h2>Write path</h2>
 * A transaction writes {@code resource} rows at once (their keys, versions and row locks steer the rest of it) and
 * defers its version, change-log and index rows ({@link org.fhirgateway.server.store.DeferredWrites}) until its next
 * query or its commit, which sends them as one JDBC batch per table.
 */
package org.fhirgateway.server.store;
