using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;

namespace Dispatch.Projections;

/// <summary>
/// One event's row as PostgreSQL stores it, reduced to what the hash chain covers. The data and metadata are
/// hashed by the database from the stored jsonb text, so the chain speaks of the row as stored, not of what
/// .NET would serialize today. The business time (occurredAt) and the actor are inside the data.
/// </summary>
public sealed record StoredEventFacts(long Sequence, Guid EventId, Guid StreamId, long Version, string Type,
    long RecordedAtMicros, string DataSha256, string MetadataSha256);

/// <summary>A link of the chain: the facts of event <see cref="Id"/> (its sequence) and the hash over them and the previous link.</summary>
public sealed record HashChainLink(long Id, long PreviousSequence, string PreviousHash, Guid EventId, Guid StreamId, long Version,
    string Type, long RecordedAtMicros, string DataSha256, string MetadataSha256, string Hash);

public static class HashChain
{
    public const string ProjectionName = "HashChain";
    public static readonly string Genesis = new('0', 64);

    /// <summary>Marten's filler for sequence numbers a failed transaction reserved: a recorded gap, not an event; never chained.</summary>
    public const string Tombstone = "tombstone";

    public static string HashOf(string previousHash, StoredEventFacts e) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{previousHash}\n{e.Sequence}\n{e.EventId}\n{e.StreamId}\n{e.Version}\n{e.Type}\n{e.RecordedAtMicros}\n{e.DataSha256}\n{e.MetadataSha256}")));

    public static HashChainLink Link(long previousSequence, string previousHash, StoredEventFacts e) => new(e.Sequence, previousSequence,
        previousHash, e.EventId, e.StreamId, e.Version, e.Type, e.RecordedAtMicros, e.DataSha256, e.MetadataSha256, HashOf(previousHash, e));

    public static StoredEventFacts FactsOf(HashChainLink link) => new(link.Id, link.EventId, link.StreamId, link.Version, link.Type,
        link.RecordedAtMicros, link.DataSha256, link.MetadataSha256);

    /// <summary>The stored facts of the events whose sequence satisfies <paramref name="where"/> (SQL over seq_id), in sequence order.</summary>
    public static async Task<List<StoredEventFacts>> ReadFactsAsync(NpgsqlConnection connection, string schema, string where,
        Action<NpgsqlCommand>? parameters, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            select seq_id, id, stream_id, version, type,
                   case when isfinite(timestamp) then (extract(epoch from timestamp) * 1000000)::bigint else -1 end,
                   encode(sha256(convert_to(data::text, 'UTF8')), 'hex'),
                   encode(sha256(convert_to(coalesce(correlation_id, '') || '|' || coalesce(causation_id, '') || '|' || coalesce(headers::text, ''), 'UTF8')), 'hex')
            from "{schema}".mt_events where type <> '{Tombstone}' and ({where}) order by seq_id
            """;
        parameters?.Invoke(command);
        var facts = new List<StoredEventFacts>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            facts.Add(new StoredEventFacts(reader.GetInt64(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt64(3), reader.GetString(4),
                reader.GetInt64(5), reader.GetString(6), reader.GetString(7)));
        return facts;
    }
}

/// <summary>
/// Keeps the hash chain as events are appended: an asynchronous projection, so links are written in sequence order
/// by one daemon. A sequence number the daemon never sees (a rolled-back transaction) simply has no link; the next link
/// names its true predecessor, so a gap at chaining time is not mistaken for a deletion later.
/// </summary>
public sealed class HashChainProjection : IProjection
{
    // The last link this process wrote; a batch may be applied before the previous one is committed.
    private HashChainLink? _last;

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        if (events.Count == 0) return;
        var sequences = events.Where(e => e.EventTypeName != HashChain.Tombstone).Select(e => e.Sequence).Distinct().Order().ToArray();
        if (sequences.Length == 0) return;
        var first = sequences[0];

        var committed = await operations.Query<HashChainLink>().Where(l => l.Id < first).OrderByDescending(l => l.Id)
            .FirstOrDefaultAsync(cancellation);
        // After a retry or a rebuild the remembered link may lie ahead; after another node chained, it may lie behind.
        var previous = _last is { } last && last.Id < first && (committed is null || last.Id > committed.Id) ? last : committed;

        await using var connection = operations.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        var facts = await HashChain.ReadFactsAsync(connection, operations.DocumentStore.Options.Events.DatabaseSchemaName,
            "seq_id = any(@sequences)", c => c.Parameters.AddWithValue("sequences", sequences), cancellation);
        if (facts.Count != sequences.Length)
            throw new InvalidOperationException($"Chaining events {first}..{sequences[^1]}: {sequences.Length - facts.Count} of them are not in mt_events.");

        var links = new HashChainLink[facts.Count];
        for (var i = 0; i < facts.Count; i++)
            previous = links[i] = HashChain.Link(previous?.Id ?? 0, previous?.Hash ?? HashChain.Genesis, facts[i]);
        StoreAll(operations, links);
        _last = previous;
    }

    /// <summary>
    /// The page's links in one statement. One Marten document write per link made a rebuild spend most of its time on
    /// them (docs/benchmarks.md, rebuild); the rows are the same: Marten's JSON, type name, version and timestamp columns.
    /// An upsert, so a page retried after a failed commit, or a link rewritten by a rebuild, simply replaces the row.
    /// </summary>
    private static void StoreAll(IDocumentOperations operations, HashChainLink[] links)
    {
        if (links.Length == 0) return;
        var options = operations.DocumentStore.Options;
        var table = options.FindOrResolveDocumentType(typeof(HashChainLink)).TableName.QualifiedName;
        var serializer = options.Serializer();
        operations.QueueSqlCommand($$"""
            insert into {{table}} as t (id, data, mt_dotnet_type, mt_version, mt_last_modified)
            select l.id, l.data::jsonb, ?, gen_random_uuid(), transaction_timestamp() from unnest(?, ?) as l(id, data)
            on conflict (id) do update set data = excluded.data, mt_dotnet_type = excluded.mt_dotnet_type,
                mt_version = excluded.mt_version, mt_last_modified = excluded.mt_last_modified
            """, typeof(HashChainLink).FullName!, links.Select(l => l.Id).ToArray(), links.Select(serializer.ToJson).ToArray());
    }
}
