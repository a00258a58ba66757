-- The consent decision for one resource row as a function (store.ConsentPredicate renders its call into every
-- statement that lets data out). As an inline predicate it was four correlated subqueries, repeated for each table
-- a search reads (the chain's target and the result): planning it cost PostgreSQL more than running the search.
-- PL/pgSQL is not inlined, so the outer statement plans as if unfiltered, and the function's own statements are
-- prepared once per session. Most rows take the first branch: no patient, or a patient without any consent rule.
--
-- A row passes when
--   1. none of its labels is withheld, or the patient opted in to each withheld one (42 CFR Part 2: an opt-in that
--      names the recipient) and no later applicable deny undid the opt-in; and
--   2. no applicable deny of the patient covers it (all their data, or a category it carries) unless a later
--      applicable permit of the same scope undid it.
-- A rule applies when its purpose (null: any), recipient (null: any) and period [starts, ends) match the request.
CREATE FUNCTION consent_visible(p_patient VARCHAR, p_labels BIGINT[], p_withheld BIGINT[], p_part2 BIGINT,
        p_purpose VARCHAR, p_recipient VARCHAR, p_organisation VARCHAR, p_now BIGINT)
    RETURNS BOOLEAN LANGUAGE plpgsql STABLE PARALLEL SAFE COST 50 AS $$
BEGIN
    IF p_patient IS NULL OR NOT EXISTS (SELECT 1 FROM consent_rule c WHERE c.patient_id = p_patient) THEN
        RETURN NOT (p_labels && p_withheld);
    END IF;
    RETURN (NOT (p_labels && p_withheld) OR NOT EXISTS (
                SELECT 1 FROM unnest(p_labels) AS cw(h) WHERE cw.h = ANY(p_withheld) AND NOT EXISTS (
                    SELECT 1 FROM consent_rule cp WHERE cp.patient_id = p_patient AND cp.label = cw.h AND cp.permit
                        AND (cw.h <> p_part2 OR cp.recipient IS NOT NULL)
                        AND (cp.purpose IS NULL OR cp.purpose = p_purpose)
                        AND (cp.recipient IS NULL OR cp.recipient IN (p_recipient, p_organisation))
                        AND (cp.starts IS NULL OR cp.starts <= p_now) AND (cp.ends IS NULL OR cp.ends > p_now)
                        AND NOT EXISTS (
                            SELECT 1 FROM consent_rule cd WHERE cd.patient_id = p_patient AND cd.label = cw.h
                                AND NOT cd.permit AND cd.rank > cp.rank
                                AND (cd.purpose IS NULL OR cd.purpose = p_purpose)
                                AND (cd.recipient IS NULL OR cd.recipient IN (p_recipient, p_organisation))
                                AND (cd.starts IS NULL OR cd.starts <= p_now)
                                AND (cd.ends IS NULL OR cd.ends > p_now)))))
        AND NOT EXISTS (
            SELECT 1 FROM consent_rule xd WHERE xd.patient_id = p_patient AND NOT xd.permit
                AND (xd.label IS NULL OR xd.label = ANY(p_labels))
                AND (xd.purpose IS NULL OR xd.purpose = p_purpose)
                AND (xd.recipient IS NULL OR xd.recipient IN (p_recipient, p_organisation))
                AND (xd.starts IS NULL OR xd.starts <= p_now) AND (xd.ends IS NULL OR xd.ends > p_now)
                AND NOT EXISTS (
                    SELECT 1 FROM consent_rule xp WHERE xp.patient_id = p_patient AND xp.permit
                        AND xp.label IS NOT DISTINCT FROM xd.label AND xp.rank > xd.rank
                        AND (xp.purpose IS NULL OR xp.purpose = p_purpose)
                        AND (xp.recipient IS NULL OR xp.recipient IN (p_recipient, p_organisation))
                        AND (xp.starts IS NULL OR xp.starts <= p_now) AND (xp.ends IS NULL OR xp.ends > p_now)));
END
$$;
