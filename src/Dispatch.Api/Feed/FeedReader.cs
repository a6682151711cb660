using Marten;

namespace Dispatch.Api.Feed;

/// <summary>What a consumer asked for, already narrowed to the contracts it is granted.</summary>
public sealed record FeedFilter(IReadOnlySet<string> Contracts, int? Grid)
{
    /// <summary>County-wide items (the duty level) carry no grid and reach every grid's consumer.</summary>
    public bool Matches(FeedItem item) =>
        Contracts.Contains(item.Contract) && (Grid is not { } grid || item.Grids.Count == 0 || item.Grids.Contains(grid));
}

/// <summary>The items after a cursor and the cursor to continue from.</summary>
public sealed record FeedBatch(IReadOnlyList<FeedItem> Items, long Next);

/// <summary>
/// Reads the event store in global sequence order, never past the high-water mark: the highest sequence below
/// which every event is committed (the projection daemon keeps it in mt_event_progression). Sequences are taken
/// when a transaction appends, not when it commits, so a slow transaction can commit sequence 41 after a fast one
/// committed 42; a reader that went by max(seq_id) would move its cursor past 41 and never see it.
/// </summary>
public sealed class FeedReader(IDocumentStore store, FeedMapper mapper)
{
    private const int EventsPerQuery = 500;
    // A filter that matches nothing for a long stretch (GPS fixes) still moves the cursor, a bounded step per read.
    private const int MostEventsPerRead = 5000;

    public async Task<FeedBatch> ReadAsync(long after, int limit, FeedFilter filter, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var highWater = await HighWaterMarkAsync(session, cancellation);
        var items = new List<FeedItem>();
        var cursor = after;
        var scanned = 0;
        while (cursor < highWater && scanned < MostEventsPerRead)
        {
            var from = cursor;
            var events = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > from && e.Sequence <= highWater)
                .OrderBy(e => e.Sequence).Take(EventsPerQuery).ToListAsync(cancellation);
            scanned += events.Count;
            foreach (var item in await mapper.MapAsync(events, session, cancellation))
            {
                if (!filter.Matches(item)) continue;
                items.Add(item);
                if (items.Count == limit) return new FeedBatch(items, item.Sequence);
            }
            // Below the high-water mark a missing sequence was rolled back and never commits: step over it too.
            cursor = events.Count < EventsPerQuery ? highWater : events[^1].Sequence;
        }
        return new FeedBatch(items, cursor);
    }

    public async Task<long> HighWaterMarkAsync(IQuerySession session, CancellationToken cancellation)
    {
        var marks = await session.AdvancedSql.QueryAsync<long>(
            $"select last_seq_id from {store.Options.Events.DatabaseSchemaName}.mt_event_progression where name = 'HighWaterMark'",
            cancellation);
        return marks.Count > 0 ? marks[0] : 0;
    }
}
