// Variants of a method (GRPO by default), direct ones first, with the papers that propose them.
// @param name "GRPO"
MATCH (base:Entity)
WHERE toLower(base.name) = toLower($name)
MATCH path = (v:Entity)-[:VARIANT_OF*1..5]->(base)
WITH v, min(length(path)) AS depth
OPTIONAL MATCH (p:Paper)-[:PROPOSES]->(v)
RETURN v.name AS variant, depth, collect(p.id) AS proposed_by
ORDER BY depth, variant
