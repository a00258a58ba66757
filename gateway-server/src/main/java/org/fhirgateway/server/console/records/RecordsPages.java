package org.fhirgateway.server.console.records;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import javax.sql.DataSource;
import org.fhirgateway.server.console.ConsolePage;
import org.fhirgateway.server.consent.Release;
import org.fhirgateway.server.report.Census;
import org.fhirgateway.server.report.TaskClosure;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.store.PatientLabels;
import org.fhirgateway.server.store.ReleaseRecorder;

/**
 * The records staff's console pages, built from the services the API uses: Privacy, Work lists, Census (in the
 * order of the navigation).
 *
 * @param release the release step of the API (the same pseudonym key), applied to what the pages show
 * @param zone the gateway's zone (the v2 default zone): the census's days, the dates shown
 */
public record RecordsPages(StorageEngine engine, DataSource dataSource, Census census, TaskClosure closure,
        Release release, ZoneId zone, Clock clock) {

    public List<ConsolePage> pages() {
        ReleaseRecorder recorder = new ReleaseRecorder(engine.store(), release, clock);
        PrivacyRecords privacy = new PrivacyRecords(engine.search(), engine.store().disclosures(),
                new PatientLabels(dataSource), recorder, zone, clock);
        return List.of(
                new PrivacyPage(privacy, new GlassReviews(engine.store().disclosures(), zone, clock)),
                new WorkListsPage(new WorkListBoard(engine.search(), closure, recorder, zone)),
                new CensusPage(new CensusBoard(census, clock)));
    }
}
