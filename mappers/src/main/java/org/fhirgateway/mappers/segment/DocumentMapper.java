package org.fhirgateway.mappers.segment;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.DocumentReference.DocumentRelationshipType;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * TXA to DocumentReference and the OBX after it to its content (IG TXA[DocumentReference],
 * OBX[DocumentReference]): status from TXA-19 (availability), docStatus from TXA-17 (completion), type,
 * date, authors, authenticator, master identifier (TXA-12), file name, the parent document (TXA-13) as an
 * append (T05, T06) or a replacement (T09, T10), and the order numbers (TXA-14, TXA-15) as related orders.
 * Text OBX (TX, FT, ST) lines are joined into one text/plain attachment; ED and RP are attachments of their own.
 */
public final class DocumentMapper {

    private static final String DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
    private static final int[] MAPPED_TXA = {1, 2, 3, 4, 6, 9, 10, 12, 13, 14, 15, 16, 17, 19, 22, 25};
    private static final int[] MAPPED_OBX = {1, 2, 3, 4, 5, 11};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;
    private final StringBuilder text = new StringBuilder();
    private DocumentReference document;

    public DocumentMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    /** The key: TXA-12 unique document number, else TXA-16 file name, else patient, type and activity time. */
    public Identifier key(Segment txa) {
        Identifier number = types.identifiers().ei(txa.first(12));
        if (number != null) {
            return number;
        }
        String file = txa.text(16);
        if (!file.isEmpty()) {
            return new Identifier().setSystem(types.context().localSystem()).setValue(file);
        }
        return Keys.of("DocumentReference", context.patientKey(), txa.first(2).text(1), txa.text(4), txa.text(6));
    }

    /**
     * Maps the TXA; {@code replaces} is whether the event replaces the parent document (T09, T10); {@code orders}
     * are the message's orders (its context), else TXA-14 and TXA-15 name them by number.
     */
    public DocumentReference map(Segment txa, Identifier key, boolean replaces, java.util.List<Reference> orders) {
        document = new DocumentReference();
        text.setLength(0);
        Identifier number = types.identifiers().ei(txa.first(12));
        if (number != null) {
            document.setMasterIdentifier(number);
        }
        document.addIdentifier(key.copy());
        String file = txa.text(16);
        if (!file.isEmpty() && number != null) {
            document.addIdentifier().setSystem(types.context().localSystem()).setValue(file);
        }
        document.setStatus(status(txa));
        docStatus(txa);
        CodeableConcept type = types.codes().cwe(txa, 2);
        if (type != null) {
            document.setType(type);
        }
        document.setSubject(context.patient());
        InstantType date = date(txa);
        if (date != null) {
            document.setDateElement(date);
        }
        for (Composite xcn : txa.repetitions(9)) {
            Reference author = participants.practitioner(xcn, txa, 9);
            if (author != null) {
                document.addAuthor(author);
            }
        }
        Reference authenticator = participants.practitioner(txa, 10);
        if (authenticator == null) {
            authenticator = participants.practitioner(txa, 22);
        }
        if (authenticator != null) {
            document.setAuthenticator(authenticator);
        }
        String title = txa.first(25).fullText().strip();
        if (!title.isEmpty()) {
            document.setDescription(title);
        }
        Identifier parent = types.identifiers().ei(txa.first(13));
        if (parent != null) {
            document.addRelatesTo().setCode(replaces ? DocumentRelationshipType.REPLACES
                    : DocumentRelationshipType.APPENDS).setTarget(new Reference().setType("DocumentReference")
                    .setIdentifier(parent));
        }
        context(txa, orders);
        FieldCoverage.reportUnmapped(txa, MAPPED_TXA, context.issues());
        return document;
    }

    /** Adds an OBX of the document: text lines, an encapsulated document (ED) or a pointer (RP). */
    public void content(Segment obx) {
        String type = obx.text(2).toUpperCase(Locale.ROOT);
        switch (type) {
            case "TX", "FT", "ST", "CE", "CWE" -> {
                for (Composite line : obx.repetitions(5)) {
                    if (text.length() > 0) {
                        text.append('\n');
                    }
                    text.append(type.startsWith("C") ? line.text(2).isEmpty() ? line.text(1) : line.text(2)
                            : line.fullText());
                }
            }
            case "ED" -> encapsulated(obx);
            case "RP" -> {
                String pointer = obx.first(5).text(1);
                if (!pointer.isEmpty()) {
                    document.addContent().getAttachment().setUrl(pointer);
                }
            }
            default -> {
                context.issues().add(obx, 2, "value type " + type + " is not document content, not mapped");
                return;
            }
        }
        FieldCoverage.reportUnmapped(obx, MAPPED_OBX, context.issues());
    }

    /** Completes the document: the joined text as its first content, or a content marked absent (R4 needs one). */
    public void finish(Segment txa) {
        if (text.length() > 0) {
            Attachment attachment = new Attachment().setContentType(contentType(txa, "text/plain") + "; charset=utf-8")
                    .setData(text.toString().getBytes(StandardCharsets.UTF_8));
            document.getContent().add(0, new DocumentReference.DocumentReferenceContentComponent(attachment));
        }
        if (!document.hasContent()) {
            // a notification without content (T01, T05, T09): R4 requires content.attachment, so say it is absent
            Attachment attachment = new Attachment();
            String contentType = contentType(txa, null);
            if (contentType != null) {
                attachment.setContentType(contentType);
            }
            if (document.hasDescription()) {
                attachment.setTitle(document.getDescription());
            }
            if (!attachment.hasContentType() && !attachment.hasTitle()) {
                attachment.addExtension(DATA_ABSENT, new CodeType("not-applicable"));
            }
            document.addContent().setAttachment(attachment);
        }
    }

    private void encapsulated(Segment obx) {
        Composite ed = obx.first(5);
        String data = ed.text(5);
        if (data.isEmpty()) {
            context.issues().add(obx, 5, "encapsulated data is empty, not mapped");
            return;
        }
        Attachment attachment = new Attachment();
        String mime = mime(ed.text(2), ed.text(3));
        if (mime != null) {
            attachment.setContentType(mime);
        }
        if (ed.text(4).equalsIgnoreCase("Base64")) {
            try {
                attachment.setData(Base64.getMimeDecoder().decode(data));
            } catch (IllegalArgumentException e) {
                context.issues().add(obx, 5, "encapsulated data is not valid Base64, not mapped");
                return;
            }
        } else {
            attachment.setData(data.getBytes(StandardCharsets.UTF_8));
        }
        document.addContent().setAttachment(attachment);
    }

    /** ED type of data / subtype as a MIME type: "application^pdf" as application/pdf, TEXT as text/plain. */
    private static String mime(String typeOfData, String subtype) {
        String type = typeOfData.toLowerCase(Locale.ROOT);
        String sub = subtype.toLowerCase(Locale.ROOT);
        if (type.equals("text") || type.equals("tx")) {
            return sub.isEmpty() || sub.equals("plain") ? "text/plain" : "text/" + sub;
        }
        if (type.equals("ap") || type.equals("application")) {
            return sub.isEmpty() ? "application/octet-stream" : "application/" + sub;
        }
        if (type.equals("im") || type.equals("image")) {
            return sub.isEmpty() ? null : "image/" + sub;
        }
        return null;
    }

    /** TXA-3 (table 0191) as a MIME type. */
    private static String contentType(Segment txa, String fallback) {
        switch (txa.text(3).toUpperCase(Locale.ROOT)) {
            case "TX", "TEXT", "FT" -> {
                return "text/plain";
            }
            case "HT" -> {
                return "text/html";
            }
            case "AP" -> {
                return "application/octet-stream";
            }
            default -> {
                return fallback;
            }
        }
    }

    private DocumentReferenceStatus status(Segment txa) {
        String availability = txa.text(19).toUpperCase(Locale.ROOT);
        switch (availability) {
            case "", "AV" -> {
                return DocumentReferenceStatus.CURRENT;
            }
            case "OB" -> {
                return DocumentReferenceStatus.SUPERSEDED;
            }
            case "CA" -> {
                return DocumentReferenceStatus.ENTEREDINERROR;
            }
            default -> {
                context.issues().add(txa, 19, "availability '" + availability + "' kept as status current");
                return DocumentReferenceStatus.CURRENT;
            }
        }
    }

    /** TXA-17 (table 0271): authenticated, documented and legally authenticated are final; the rest preliminary. */
    private void docStatus(Segment txa) {
        String completion = txa.text(17).toUpperCase(Locale.ROOT);
        switch (completion) {
            case "" -> {
            }
            case "AU", "DO", "LA" -> document.setDocStatus(DocumentReference.ReferredDocumentStatus.FINAL);
            case "DI", "IN", "IP", "PA" -> document.setDocStatus(DocumentReference.ReferredDocumentStatus.PRELIMINARY);
            default -> context.issues().add(txa, 17, "completion status '" + completion + "' not in table 0271, not mapped");
        }
    }

    private InstantType date(Segment txa) {
        String origination = txa.first(6).text(1);
        String value = origination.isEmpty() ? txa.first(4).text(1) : origination;
        if (value.isEmpty()) {
            return null;
        }
        InstantType instant = types.times().instant(value);
        if (instant == null) {
            context.issues().add(txa, origination.isEmpty() ? 4 : 6, "not a valid timestamp, not mapped: '" + value + "'");
        }
        return instant;
    }

    private void context(Segment txa, java.util.List<Reference> orders) {
        DocumentReference.DocumentReferenceContextComponent related = new DocumentReference.DocumentReferenceContextComponent();
        if (context.encounter() != null) {
            related.addEncounter(context.encounter());
        }
        DateTimeType activity = types.times().dateTime(txa, 4);
        if (activity != null) {
            related.setPeriod(new Period().setStartElement(activity));
        }
        for (Reference order : orders) {
            related.addRelated(order.copy());
        }
        if (orders.isEmpty()) {
            for (int field : new int[] {14, 15}) {
                Identifier number = types.identifiers().ei(txa.first(field));
                if (number != null) {
                    related.addRelated(new Reference().setType("ServiceRequest").setIdentifier(number));
                }
            }
        }
        if (!related.isEmpty()) {
            document.setContext(related);
        }
    }
}
