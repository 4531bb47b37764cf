using Npgsql;

namespace ChiroClick.Api.Assistant.Retrieval;

/// <summary>A chunk found by full-text search, with PostgreSQL's rank.</summary>
public sealed record LexicalHit(string ChunkId, double Score);

/// <summary>
/// PostgreSQL full-text search over the chunks' text with both the <c>norwegian</c> and the <c>english</c> configuration
/// (the GIN expression indexes of <see cref="AssistantConfiguration"/>), a chunk scoring the better of the two. The question's
/// words are OR-ed (<c>plainto_tsquery</c> with <c>&amp;</c> turned into <c>|</c>): a question's words rarely all occur in one
/// note, and <c>ts_rank</c> (normalised by document length) puts chunks with more and rarer matches first. Always within the
/// clinic (tenant) and the <see cref="RetrievalScope"/>. A word that is a stop word in either language is left out of both
/// queries: otherwise an English "what" or "the" (not Norwegian stop words) would match every English chunk through the
/// norwegian configuration, and a Norwegian "og" every Norwegian one through the english configuration.
/// </summary>
public sealed class LexicalSearch(NpgsqlDataSource db)
{
    /// <summary>The <paramref name="limit"/> best chunks for <paramref name="query"/>.</summary>
    public async Task<IReadOnlyList<LexicalHit>> SearchAsync(RetrievalScope scope, string query, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            with words as (
                select distinct w from regexp_split_to_table($2, '[\s[:punct:]]+') w
                where w <> '' and numnode(plainto_tsquery('norwegian', w)) > 0 and numnode(plainto_tsquery('english', w)) > 0
            ), q as (
                select nullif(string_agg(plainto_tsquery('norwegian', w)::text, ' | '), '')::tsquery as nb,
                       nullif(string_agg(plainto_tsquery('english', w)::text, ' | '), '')::tsquery as en
                from words
            )
            select d.id,
                   greatest(coalesce(ts_rank(to_tsvector('norwegian'::regconfig, d.data ->> 'text'), q.nb, 1), 0),
                            coalesce(ts_rank(to_tsvector('english'::regconfig, d.data ->> 'text'), q.en, 1), 0)) as score
            from {PostgresVectorStore.Table} d, q
            where d.tenant_id = $1
              and ($3 or d.data ->> 'clinical' = 'false')
              and ($4::text is null or d.data ->> 'patientId' is null or d.data ->> 'patientId' = $4::text)
              and (to_tsvector('norwegian'::regconfig, d.data ->> 'text') @@ q.nb or to_tsvector('english'::regconfig, d.data ->> 'text') @@ q.en)
            order by score desc, d.id
            limit $5
            """);
        cmd.Parameters.AddWithValue(scope.Tenant);
        cmd.Parameters.AddWithValue(query);
        cmd.Parameters.AddWithValue(scope.IncludeClinical);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)scope.PatientId?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(limit);
        var hits = new List<LexicalHit>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) hits.Add(new LexicalHit(reader.GetString(0), reader.GetFloat(1)));
        return hits;
    }
}
