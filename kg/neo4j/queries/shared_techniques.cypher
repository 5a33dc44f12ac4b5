// Papers that share techniques with a given paper, strongest link first, with the shared entities.
// @param paper "2501.00001"
// @param limit 10
MATCH (p:Paper {id: $paper})-[s:SHARES_TECHNIQUE]-(q:Paper)
RETURN q.id AS paper, q.title AS title, s.weight AS weight, s.via AS shared
ORDER BY weight DESC, paper
LIMIT $limit
