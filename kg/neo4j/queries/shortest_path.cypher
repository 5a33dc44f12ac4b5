// The shortest chain of shared techniques between two papers, with what each hop shares.
// @param source "2501.00001"
// @param target "2502.00003"
MATCH (a:Paper {id: $source}), (b:Paper {id: $target})
MATCH path = shortestPath((a)-[:SHARES_TECHNIQUE*..15]-(b))
RETURN [n IN nodes(path) | n.id] AS papers,
       [r IN relationships(path) | r.via] AS shared,
       length(path) AS hops
