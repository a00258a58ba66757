package org.fhirgateway.mappers;

/**
 * Translates one HL7 v2 message into one FHIR R4 transaction Bundle. Pure: no I/O, thread-safe.
 */
public final class MessageMapper {

    private final MapperConfig config;

    public MessageMapper(MapperConfig config) {
        this.config = config;
    }

    public MapperConfig config() {
        return config;
    }

    /**
     * Maps one message (segments separated by CR, LF or CRLF).
     *
     * @throws MappingException when the message cannot be mapped at all; nothing partial is returned
     */
    public MappingResult map(String message) throws MappingException {
        throw new MappingException(MappingException.Code.UNSUPPORTED_MESSAGE_TYPE, "MSH", "MSH-9", "not implemented yet");
    }
}
