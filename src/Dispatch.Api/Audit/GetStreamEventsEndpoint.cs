using Dispatch.Domain.Reference;
using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Api.Incidents;
using Dispatch.Domain.Patrol;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Audit;

/// <summary>
/// The raw stream of any stream (incident, unit, must-patrol point, the county duty level, roll call, inspection, API key)
/// in version order, with each event's sequence, business time, recording time, actor and correlation id.
/// </summary>
public static class GetStreamEventsEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/audit/streams/{streamId}/events")]
    [ProducesResponseType(typeof(IReadOnlyList<RecordedEvent>), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static Task<IResult> Get(Guid streamId, HttpContext http, IQuerySession session, CancellationToken cancellation) =>
        Stream(streamId, $"Stream {streamId}", known: false, http, session, cancellation);

    /// <summary>A must-patrol point's stream, named by the point's id (e.g. jiahu-square) rather than its derived stream id.</summary>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/patrol-points/{pointId}/events")]
    [ProducesResponseType(typeof(IReadOnlyList<RecordedEvent>), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static Task<IResult> GetForPoint(string pointId, HttpContext http, IQuerySession session, ReferenceData reference,
        CancellationToken cancellation) =>
        // A point of the plan that nobody has visited yet has an empty history, not an unknown one.
        Stream(PatrolPointState.StreamIdFor(pointId), $"Patrol point {pointId}", reference.PatrolTargetIds.Contains(pointId), http,
            session, cancellation);

    private static async Task<IResult> Stream(Guid streamId, string what, bool known, HttpContext http, IQuerySession session,
        CancellationToken cancellation)
    {
        var events = await session.Events.FetchStreamAsync(streamId, token: cancellation);
        return events.Count == 0 && !known
            ? Problems.NotFound(what, http)
            : Results.Ok(events.Select(e => RecordedEvent.From(e, http.User)).ToList());
    }
}
