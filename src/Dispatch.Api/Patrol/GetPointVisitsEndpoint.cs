using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Patrol;

public sealed record PointVisitsView(string PointId, string Kind, string Name, IReadOnlyList<int> Grids, IReadOnlyList<VisitRecord> Visits,
    IReadOnlyList<AlertRecord> Alerts, long Version);

/// <summary>A must-patrol point's (or line's, id grid-N-line-K) visits in device-time order (never arrival order) and its missed-visit alerts.</summary>
public static class GetPointVisitsEndpoint
{
    [Authorize(Policy = Policies.ReadAlsoAsUnit)]
    [WolverineGet("/patrol-points/{pointId}")]
    [ProducesResponseType(typeof(PointVisitsView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string pointId, HttpContext http, IQuerySession session, ReferenceData reference,
        CancellationToken cancellation)
    {
        (string Kind, string Name, IReadOnlyList<int> Grids)? target =
            reference.MustPatrolPoints.FirstOrDefault(p => p.Id == pointId) is { } point ? ("point", point.Name, point.Grids)
            : reference.MustPatrolLines.FirstOrDefault(l => l.Id == pointId) is { } line ? ("line", line.Name, [line.Grid])
            : null;
        if (target is not { } found) return Problems.NotFound($"Must-patrol point or line '{pointId}'", http);
        var state = await session.LoadAsync<PatrolPointState>(PatrolPointState.StreamIdFor(pointId), cancellation);
        return Results.Ok(new PointVisitsView(pointId, found.Kind, found.Name, found.Grids, state?.Visits ?? [], state?.Alerts ?? [],
            state?.Version ?? 0));
    }
}
