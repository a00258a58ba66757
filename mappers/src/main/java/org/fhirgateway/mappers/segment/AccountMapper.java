package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Account;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * A patient account number (PID-18, MRG-3; BAR and DFT also PV1-19's account) to Account (IG PID[Account],
 * MRG[Account]), keyed by the account number, subject the context's patient.
 */
public final class AccountMapper {

    private final MessageContext context;

    public AccountMapper(MessageContext context) {
        this.context = context;
    }

    /** The key of the account a CX field names, or null when it is empty. */
    public Identifier key(Composite cx, Segment segment, int field) {
        return context.types().identifiers().cx(cx, segment, field);
    }

    /** Adds the Account under {@code key} and returns it (the caller may add a guarantor or coverage). */
    public Account map(Identifier key, Account.AccountStatus status) {
        Account account = new Account();
        account.addIdentifier(key);
        account.setStatus(status);
        account.addSubject(new Reference(context.patient().getReference()));
        context.bundle().upsert(account, key);
        return account;
    }

    /** The reference an Account under {@code key} has in this bundle. */
    public Reference reference(Identifier key) {
        return context.bundle().referenceTo("Account", key);
    }
}
