using Marten;

namespace Dispatch.Projections;

/// <summary>
/// The first thing wrong with the event log against its hash chain. Kinds: <c>altered</c> (the event row differs from
/// what was chained), <c>missing</c> (a chained event row is gone), <c>unchained</c> (a row sits inside the chained range
/// but was never chained: inserted afterwards, or a transaction that outlived the daemon's gap timeout), <c>link-missing</c> / <c>link-altered</c> (the chain itself was edited).
/// </summary>
public sealed record ChainProblem(long Sequence, Guid? StreamId, long? Version, string? Type, string Kind, IReadOnlyList<string> Differences);

/// <summary>What verifying the chain found; <see cref="NotYetChained"/> events after the head are no fault (the daemon is behind).</summary>
public sealed record ChainReport(bool Intact, long ChainedThrough, long LinksChecked, long NotYetChained, ChainProblem? FirstProblem,
    string Summary);

public static class ChainVerification
{
    /// <summary>Recomputes every link from mt_events and stops at the first event that is altered, missing or unchained.</summary>
    public static async Task<ChainReport> VerifyAsync(IDocumentStore store, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        // The event rows first: where there is no event store, nothing is created by asking.
        var rows = await HashChain.ReadFactsAsync(connection, store.Options.Events.DatabaseSchemaName, "true", null, cancellation);
        var links = await session.Query<HashChainLink>().OrderBy(l => l.Id).ToListAsync(cancellation);

        var bySequence = rows.ToDictionary(r => r.Sequence);
        var chained = links.Select(l => l.Id).ToHashSet();
        var head = links.Count == 0 ? 0 : links[^1].Id;
        var notYetChained = rows.Count(r => r.Sequence > head);
        var (previousSequence, previousHash) = (0L, HashChain.Genesis);
        var checkedLinks = 0;
        var cursor = 0; // rows before it are accounted for

        ChainReport Broken(ChainProblem problem) => new(false, head, checkedLinks, notYetChained, problem,
            $"The event log does not match its hash chain: event {problem.Sequence} is {problem.Kind}" +
            (problem.Differences.Count > 0 ? $" ({string.Join("; ", problem.Differences)})" : "") +
            $". Events before it (through {previousSequence}) verify.");

        foreach (var link in links)
        {
            if (link.PreviousSequence > previousSequence)
            {
                var lost = bySequence.GetValueOrDefault(link.PreviousSequence);
                return Broken(new ChainProblem(link.PreviousSequence, lost?.StreamId, lost?.Version, lost?.Type, "link-missing",
                    [$"the link of event {link.PreviousSequence} was removed from the chain"]));
            }
            StoredEventFacts? inserted = null;
            for (; cursor < rows.Count && rows[cursor].Sequence < link.Id; cursor++)
                if (!chained.Contains(rows[cursor].Sequence)) { inserted = rows[cursor]; break; }
            if (inserted is not null)
                return Broken(new ChainProblem(inserted.Sequence, inserted.StreamId, inserted.Version, inserted.Type, "unchained",
                    [$"the row lies between chained events {previousSequence} and {link.Id} but was never chained: inserted afterwards, " +
                     "or (rarely) committed after the daemon had skipped its sequence number as a rolled-back gap"]));
            if (!bySequence.TryGetValue(link.Id, out var row))
                return Broken(new ChainProblem(link.Id, link.StreamId, link.Version, link.Type, "missing",
                    ["the chained event row is no longer in mt_events"]));

            var differences = Differences(HashChain.FactsOf(link), row);
            if (differences.Count > 0)
                return Broken(new ChainProblem(link.Id, link.StreamId, link.Version, link.Type, "altered", differences));
            if (link.PreviousSequence != previousSequence || link.PreviousHash != previousHash || HashChain.HashOf(previousHash, row) != link.Hash)
                return Broken(new ChainProblem(link.Id, link.StreamId, link.Version, link.Type, "link-altered",
                    ["the chain link does not hash to its predecessor and the stored event"]));

            (previousSequence, previousHash) = (link.Id, link.Hash);
            checkedLinks++;
        }

        return new ChainReport(true, head, checkedLinks, notYetChained, null,
            $"The hash chain is intact through sequence {head} ({checkedLinks} events)" +
            (notYetChained > 0 ? $"; {notYetChained} later event(s) are not chained yet." : "."));
    }

    private static List<string> Differences(StoredEventFacts chained, StoredEventFacts stored)
    {
        var differences = new List<string>();
        void Compare<T>(string what, T then, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(then, now)) differences.Add($"{what} was {then}, is {now}");
        }
        Compare("event id", chained.EventId, stored.EventId);
        Compare("stream", chained.StreamId, stored.StreamId);
        Compare("version", chained.Version, stored.Version);
        Compare("type", chained.Type, stored.Type);
        Compare("recording time (µs)", chained.RecordedAtMicros, stored.RecordedAtMicros);
        if (chained.DataSha256 != stored.DataSha256) differences.Add($"data (incl. business time and actor) changed: SHA-256 was {chained.DataSha256[..12]}…, is {stored.DataSha256[..12]}…");
        if (chained.MetadataSha256 != stored.MetadataSha256) differences.Add("correlation, causation or headers changed");
        return differences;
    }
}
