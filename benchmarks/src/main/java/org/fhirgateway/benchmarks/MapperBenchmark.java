package org.fhirgateway.benchmarks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.fhirgateway.mappers.BundleJson;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MessageMapper;
import org.fhirgateway.mappers.v2.V2Batch;
import org.fhirgateway.mappers.v2.V2Charsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of v2 to FHIR: map one message and serialise the Bundle to JSON (what ingest and convert do), on
 * one thread; HAPI HL7v2 PipeParser parsing alone (2.5.1 canonical, no validation) for comparison.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MapperBenchmark -f 1 -wi 3 -i 5 -w 2 -r 3 -t 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class MapperBenchmark {

    private MessageMapper mapper;
    private IParser json;
    private PipeParser pipeParser;
    private String adtA01;
    private String adtA01Full;
    private String oruR01;
    private String vxuV04;
    private String ormO01;
    private String mdmT02;

    @Setup
    public void setUp() {
        mapper = new MessageMapper(MapperConfig.defaults().withDefaultZone(ZoneId.of("Europe/Berlin")));
        json = FhirContext.forR4Cached().newJsonParser().setOverrideResourceIdWithBundleEntryFullUrl(false);
        adtA01 = load("messages/adt-a01.hl7");
        adtA01Full = load("messages/adt-a01-full.hl7");
        oruR01 = load("messages/oru-r01.hl7");
        vxuV04 = load("messages/vxu-v04.hl7");
        ormO01 = load("messages/orm-o01.hl7");
        mdmT02 = load("messages/mdm-t02.hl7");
        HapiContext context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        pipeParser = context.getPipeParser();
    }

    @Benchmark
    public String mapAndSerialiseAdtA01() throws MappingException {
        return BundleJson.toJson(mapper.map(adtA01).bundle());
    }

    @Benchmark
    public String mapAndSerialiseOruR01() throws MappingException {
        return BundleJson.toJson(mapper.map(oruR01).bundle());
    }

    /** The corpus's VXU^V04 (patient section with GT1 and IN1, one RXA with its RXR, OBX and PRT). */
    @Benchmark
    public String mapAndSerialiseVxuV04() throws MappingException {
        return BundleJson.toJson(mapper.map(vxuV04).bundle());
    }

    /** The corpus's ORM^O01 (PID, PV1, AL1, ORC, OBR, DG1, OBX; CTD, FT1, CTI, BLG reported). */
    @Benchmark
    public String mapAndSerialiseOrmO01() throws MappingException {
        return BundleJson.toJson(mapper.map(ormO01).bundle());
    }

    /** The corpus's MDM^T02 (TXA and OBX text as the document's attachment). */
    @Benchmark
    public String mapAndSerialiseMdmT02() throws MappingException {
        return BundleJson.toJson(mapper.map(mdmT02).bundle());
    }

    /** The corpus's ADT^A01 with nearly every field of every segment filled: the worst case. */
    @Benchmark
    public String mapAndSerialiseAdtA01Full() throws MappingException {
        return BundleJson.toJson(mapper.map(adtA01Full).bundle());
    }

    /** Mapping alone, to tell mapping from serialising. */
    @Benchmark
    public Object mapOnlyAdtA01() throws MappingException {
        return mapper.map(adtA01).bundle();
    }

    /** The same with HAPI's reflective IParser instead of BundleJson. */
    @Benchmark
    public String mapAndSerialiseWithHapiParserAdtA01() throws MappingException {
        return json.encodeResourceToString(mapper.map(adtA01).bundle());
    }

    @Benchmark
    public Message hapiPipeParserParseAdtA01() throws HL7Exception {
        return pipeParser.parse(adtA01);
    }

    @Benchmark
    public Message hapiPipeParserParseOruR01() throws HL7Exception {
        return pipeParser.parse(oruR01);
    }

    private static String load(String path) {
        try (InputStream in = MapperBenchmark.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing " + path);
            }
            return V2Batch.split(V2Charsets.decode(in.readAllBytes(), StandardCharsets.UTF_8)).get(0); // BOM, MSH-18
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
