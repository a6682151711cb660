using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Api.Incidents;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Audit;

/// <summary>A page of the global event log; <see cref="Next"/> is the <c>after</c> cursor of the next page, null on the last.</summary>
public sealed record AuditEventPage(IReadOnlyList<RecordedEvent> Events, long? Next);

/// <summary>
/// Every stream's events in global sequence order, optionally only those whose business time (OccurredAt) lies in
/// [from, to). Paged by sequence: pass the answer's <c>next</c> as <c>after</c>; events appended meanwhile are never skipped.
/// </summary>
public static class GetAuditEventsEndpoint
{
    public const int DefaultLimit = 100, MaxLimit = 1000;

    /// <param name="from">Business time, inclusive, ISO-8601 with offset.</param>
    /// <param name="to">Business time, exclusive, ISO-8601 with offset.</param>
    /// <param name="after">Sequence cursor: only events after it (the previous page's <c>next</c>).</param>
    /// <param name="limit">Events per page, 1..1000, default 100.</param>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/audit/events")]
    [ProducesResponseType(typeof(AuditEventPage), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string? from, string? to, long? after, int? limit, HttpContext http, IQuerySession session,
        CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var start = RequestRules.OptionalInstant(from, "from", errors);
        var end = RequestRules.OptionalInstant(to, "to", errors);
        if (start is not null && end is not null && end <= start) errors["to"] = ["must be after from"];
        if (after is < 0) errors["after"] = ["must be 0 or more"];
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit) errors["limit"] = [$"must be between 1 and {MaxLimit}"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        // The business time lives in each event's data, so the page's sequence numbers are found in SQL first.
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = $"select seq_id from \"{schema}\".mt_events where seq_id > @after" +
                              (start is null ? "" : " and (data->>'occurredAt')::timestamptz >= @from") +
                              (end is null ? "" : " and (data->>'occurredAt')::timestamptz < @to") +
                              " order by seq_id limit @limit";
        command.Parameters.AddWithValue("after", after ?? 0);
        if (start is { } s) command.Parameters.AddWithValue("from", s.ToDateTimeOffset());
        if (end is { } e) command.Parameters.AddWithValue("to", e.ToDateTimeOffset());
        command.Parameters.AddWithValue("limit", size + 1);
        var sequences = new List<long>();
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
            while (await reader.ReadAsync(cancellation)) sequences.Add(reader.GetInt64(0));

        var page = sequences.Take(size).ToHashSet();
        if (page.Count == 0) return Results.Ok(new AuditEventPage([], null));
        var (low, high) = (page.Min(), page.Max());
        var events = await session.Events.QueryAllRawEvents().Where(x => x.Sequence >= low && x.Sequence <= high)
            .OrderBy(x => x.Sequence).ToListAsync(cancellation);
        return Results.Ok(new AuditEventPage(events.Where(x => page.Contains(x.Sequence)).Select(e => RecordedEvent.From(e, http.User)).ToList(),
            sequences.Count > size ? high : null));
    }
}
