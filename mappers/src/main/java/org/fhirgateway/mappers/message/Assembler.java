package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.v2.V2Message;

/** Turns the segments of one message family into bundle entries (Provenance and Bundle are added after). */
interface Assembler {

    void assemble(V2Message message, MessageContext context) throws MappingException;
}
