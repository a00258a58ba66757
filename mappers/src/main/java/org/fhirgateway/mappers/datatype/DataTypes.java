package org.fhirgateway.mappers.datatype;

/** The data type mappers of one message, made together so they share one context. */
public final class DataTypes {

    private final DatatypeContext context;
    private final Times times;
    private final Codes codes;
    private final Identifiers identifiers;
    private final Names names;
    private final Addresses addresses;
    private final Telecoms telecoms;

    public DataTypes(DatatypeContext context) {
        this.context = context;
        this.times = new Times(context);
        this.codes = new Codes(context);
        this.identifiers = new Identifiers(context, times);
        this.names = new Names(context, codes, times);
        this.addresses = new Addresses(codes, times);
        this.telecoms = new Telecoms(codes, times);
    }

    public DatatypeContext context() {
        return context;
    }

    public Issues issues() {
        return context.issues();
    }

    public Times times() {
        return times;
    }

    public Codes codes() {
        return codes;
    }

    public Identifiers identifiers() {
        return identifiers;
    }

    public Names names() {
        return names;
    }

    public Addresses addresses() {
        return addresses;
    }

    public Telecoms telecoms() {
        return telecoms;
    }
}
