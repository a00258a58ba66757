package org.fhirgateway.mappers.segment;

import java.util.List;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Annotation;

/** NTE to Annotation: the comment lines (NTE-3 repetitions) joined with line breaks (IG NTE[...]). */
public final class NoteMapper {

    private NoteMapper() {
    }

    /** The note, or null when NTE-3 is empty. */
    public static Annotation note(Segment nte) {
        List<Composite> lines = nte.repetitions(3);
        if (lines.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (Composite line : lines) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(line.fullText());
        }
        String value = text.toString().strip();
        return value.isEmpty() ? null : new Annotation().setText(value);
    }
}
