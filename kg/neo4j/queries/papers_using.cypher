// Papers that use a technique (GRPO by default): any role but a plain mention, with the evidence.
// @param name "GRPO"
MATCH (e:Entity)
WHERE toLower(e.name) = toLower($name)
   OR any(alias IN coalesce(e.aliases, []) WHERE toLower(alias) = toLower($name))
MATCH (p:Paper)-[r:PROPOSES|USES|EVALUATES_ON|COMPARES_TO]->(e)
RETURN p.id AS paper, p.title AS title, toLower(type(r)) AS role,
       r.confidence AS confidence, r.evidence AS evidence
ORDER BY paper
