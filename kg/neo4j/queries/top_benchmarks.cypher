// The benchmarks most papers have (in any role), most first.
// @param limit 10
MATCH (p:Paper)-[]->(b:Benchmark)
RETURN b.name AS benchmark, count(DISTINCT p) AS papers
ORDER BY papers DESC, benchmark
LIMIT $limit
