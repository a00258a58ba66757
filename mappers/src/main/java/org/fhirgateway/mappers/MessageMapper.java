package org.fhirgateway.mappers;

import org.fhirgateway.mappers.message.MessageAssembly;
import org.fhirgateway.mappers.terminology.Terminology;

/**
 * Translates one HL7 v2 message into one FHIR R4 transaction Bundle. Pure: no I/O, thread-safe (the only
 * shared state is the immutable configuration and concept maps; every call builds its own objects).
 */
public final class MessageMapper {

    private final MapperConfig config;
    private final Terminology terminology;

    public MessageMapper(MapperConfig config) {
        this.config = config;
        this.terminology = Terminology.standard();
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
        try {
            return new MessageAssembly(config, terminology).map(message);
        } catch (MappingException e) {
            throw e;
        } catch (RuntimeException e) {
            // a defect or a value no check foresaw: still a stable error for the sender, never a crash
            throw new MappingException(MappingException.Code.MALFORMED, null, null,
                    "message could not be mapped (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }
}
